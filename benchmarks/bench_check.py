"""``modstack check`` side by side with import-linter and tach, on the same import
boundaries: a module imports another only if it requires it (IMP-001), and only from its
public parts (IMP-002). Two trees: the reference marketplace, and 1,000 generated
modules with known violations. Each tool runs as its command line, as CI runs it.

    python benchmarks/bench_check.py [--modules 1000] [--rounds 3]

import-linter gets the boundaries as ``protected`` contracts (one per module for who may
import it, one per module for its private parts); tach as ``[[modules]]`` with
``depends_on`` and ``[[interfaces]]`` exposing the public parts. modstack check also
checks MOD-001 … MOD-019, which the others do not have.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).parents[1]
MARKETPLACE = ROOT / "examples/marketplace"
PUBLIC = ("services", "schemas", "exceptions", "events")
PRIVATE = ("models", "routes", "tasks", "handlers", "config", "migrations")


def requirements(i: int) -> list[int]:
    """What generated module ``i`` requires: up to three earlier modules."""
    return sorted({j for j in (i - 1, i - 7, i - 31) if j >= 0})


def generate(base: Path, count: int) -> tuple[dict[str, list[str]], int, int]:
    """Write ``count`` modules under ``base/app/modules``; return each module's
    requirements and how many IMP-001 and IMP-002 violations were planted."""
    modules = base / "app/modules"
    modules.mkdir(parents=True)
    (base / "app/__init__.py").write_text("")
    (modules / "__init__.py").write_text("")
    graph: dict[str, list[str]] = {}
    undeclared = private = 0
    for i in range(count):
        code = f"m{i:04d}"
        needs = [f"m{j:04d}" for j in requirements(i)]
        graph[code] = needs
        folder = modules / code
        for part in ("services", "models", "schemas", "locales"):
            (folder / part).mkdir(parents=True)
        (folder / "__init__.py").write_text("")
        (folder / "definition.py").write_text(
            "from modstack import ModuleDefinition\n\n"
            f"{code}_module = ModuleDefinition(code={code!r}, requires={needs!r})\n"
        )
        (folder / "exceptions.py").write_text(f"class M{i}Error(Exception):\n    pass\n")
        (folder / "models/__init__.py").write_text(f"class Model{i}:\n    pass\n")
        (folder / "schemas/__init__.py").write_text(f"class Schema{i}:\n    pass\n")
        (folder / "locales/en.json").write_text("{}\n")
        lines = [f"from app.modules.{n}.services import Service{int(n[1:])}" for n in needs]
        if i % 50 == 25:  # a module it does not require
            lines.append(f"from app.modules.m{(i + count // 2) % count:04d}.services import *")
            undeclared += 1
        if i % 40 == 5 and needs:  # a private part of one it requires
            lines.append(f"from app.modules.{needs[0]}.models import Model{int(needs[0][1:])}")
            private += 1
        lines.append(f"\n\nclass Service{i}:\n    pass\n")
        (folder / "services/__init__.py").write_text("\n".join(lines))
    return graph, undeclared, private


def marketplace_graph() -> dict[str, list[str]]:
    """The marketplace's modules and what each requires (hard and optional)."""
    from modstack import discover

    found = discover(MARKETPLACE / "app/modules")
    return {
        d.root.name: sorted(  # type: ignore[union-attr]
            {r.code.replace("-", "_") for r in (*d.requires, *d.optional_requires)}
        )
        for d in found
    }


def importlinter_config(graph: dict[str, list[str]], folder: Path) -> None:
    """One protected contract per module (who may import it) and one for its private
    parts that exist, in ``folder/pyproject.toml``."""
    importers: dict[str, list[str]] = {code: [] for code in graph}
    for code, needs in graph.items():
        for need in needs:
            importers[need].append(code)
    lines = ["[tool.importlinter]", 'root_package = "app"', ""]
    app_level = [
        f"app.{p.stem}" for p in sorted((folder / "app").glob("*.py")) if p.stem != "__init__"
    ]
    for code in graph:
        allowed = [f"app.modules.{c}" for c in [code, *importers[code]]] + app_level
        lines += ["[[tool.importlinter.contracts]]", f'name = "who imports {code}"',
                  'type = "protected"', f'protected_modules = ["app.modules.{code}"]',
                  f"allowed_importers = {json.dumps(allowed)}", ""]  # fmt: skip
        module = folder / "app/modules" / code
        parts = [f"app.modules.{code}.{p}" for p in PRIVATE
                 if (module / p).is_dir() or (module / f"{p}.py").is_file()]  # fmt: skip
        if parts:
            lines += ["[[tool.importlinter.contracts]]", f'name = "private parts of {code}"',
                      'type = "protected"', f"protected_modules = {json.dumps(parts)}",
                      f'allowed_importers = ["app.modules.{code}"]', ""]  # fmt: skip
    (folder / "pyproject.toml").write_text("\n".join(lines))


def tach_config(graph: dict[str, list[str]], folder: Path) -> None:
    """Each module with its depends_on; interfaces exposing the public parts."""
    lines = ['source_roots = ["."]', 'exclude = ["**/migrations"]', ""]
    for code, needs in graph.items():
        depends = ", ".join(f'"app.modules.{n}"' for n in needs)
        lines += ["[[modules]]", f'path = "app.modules.{code}"', f"depends_on = [{depends}]", ""]
    expose = ", ".join(f'"{p}.*"' for p in PUBLIC)
    froms = ", ".join(f'"app.modules.{c}"' for c in graph)
    lines += ["[[interfaces]]", f"expose = [{expose}]", f"from = [{froms}]", ""]
    (folder / "tach.toml").write_text("\n".join(lines))


def timed(command: list[str], cwd: Path, rounds: int) -> tuple[float, float, str]:
    """The median wall time and median CPU time (user + system, which a loaded machine
    disturbs less) of ``command`` over ``rounds`` runs, and its last output."""
    walls, cpus = [], []
    output = ""
    for _ in range(rounds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        output = done.stdout + done.stderr
    return statistics.median(walls), statistics.median(cpus), output


def modstack_findings(output: str) -> str:
    data = json.loads(output)
    rules: dict[str, int] = {}
    for finding in data["findings"]:
        rules[finding["rule"]] = rules.get(finding["rule"], 0) + 1
    return ", ".join(f"{n} {r}" for r, n in sorted(rules.items())) or "0"


def importlinter_findings(output: str) -> str:
    kept = re.search(r"Contracts: (\d+) kept, (\d+) broken", output)
    imports = len(re.findall(r"^- \S+ -> ", output, re.MULTILINE))
    return f"{kept.group(2)} contracts broken, {imports} imports" if kept else output[-300:]


def tach_findings(output: str) -> str:
    try:
        errors = json.loads(output[output.index("[") :])
    except ValueError:
        return output[-300:]
    kinds: dict[str, int] = {}
    for wrapped in errors:
        error = next(iter(wrapped.values())) if len(wrapped) == 1 else wrapped
        code = error.get("details", {}).get("Code", {})
        kind = next(iter(code), "?") if isinstance(code, dict) else str(code)
        kinds[kind] = kinds.get(kind, 0) + 1
    return ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "0"


def in_process(folder: Path, rounds: int) -> float:
    """The median time of loading the tree and checking it, inside this process."""
    from modstack.check import check_tree
    from modstack.cli.tree import load_tree

    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        tree = load_tree(str(folder / "app/modules"), entry_points=False)
        check_tree(tree.path, tree.registry, tree.problems)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def compare(name: str, folder: Path, graph: dict[str, list[str]], rounds: int) -> None:
    importlinter_config(graph, folder)
    tach_config(graph, folder)
    runs = {
        "modstack check": ([str(BIN / "modstack"), "check", "--no-entry-points", "--json",
                            "--modules", "app/modules"], modstack_findings),
        "import-linter": ([str(BIN / "lint-imports"), "--no-cache", "--no-logo"],
                          importlinter_findings),
        "tach check": ([str(BIN / "tach"), "check", "--output", "json"], tach_findings),
    }  # fmt: skip
    print(f"\n{name} ({len(graph)} modules, median of {rounds})")
    base = None
    seconds = in_process(folder, rounds)
    print(f"  {'modstack check, in process (no CLI start-up)':45} {seconds:6.2f} s wall")
    for tool, (command, count) in runs.items():
        if not Path(command[0]).exists():
            print(f"  {tool:15} not installed")
            continue
        wall, cpu, output = timed(command, folder, rounds)
        base = base or cpu
        print(
            f"  {tool:15} {wall:6.2f} s wall {cpu:6.2f} s CPU ({cpu / base:5.2f}x CPU)"
            f"  findings: {count(output)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        market = Path(tmp) / "marketplace"
        shutil.copytree(MARKETPLACE / "app", market / "app",
                        ignore=shutil.ignore_patterns("__pycache__", "data"))  # fmt: skip
        compare("marketplace", market, marketplace_graph(), args.rounds)
        generated = Path(tmp) / "generated"
        graph, undeclared, private = generate(generated, args.modules)
        print(f"\nplanted: {undeclared} undeclared imports (IMP-001), "
              f"{private} private-part imports (IMP-002)")  # fmt: skip
        compare("generated", generated, graph, args.rounds)


if __name__ == "__main__":
    main()
