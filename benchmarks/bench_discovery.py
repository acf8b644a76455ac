"""Discovery of 1,000 module folders vs. the floor: importing the same 1,000 definition
files with importlib. Both run in this process, alternating, warm bytecode.

    python benchmarks/bench_discovery.py [--modules 1000] [--rounds 9]
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path

from modstack.discovery import scan_folder


def generate(root: Path, count: int) -> list[Path]:
    """Write ``count`` module folders whose definitions look like real ones."""
    files = []
    for i in range(count):
        code = f"mod{i:04d}"
        requires = [f"mod{j:04d}>=1.0" for j in (i // 2, i // 3) if j < i]
        folder = root / code
        folder.mkdir()
        file = folder / "definition.py"
        file.write_text(
            "from modstack import ModuleDefinition\n\n"
            f"{code}_module = ModuleDefinition(\n"
            f"    code={code!r},\n"
            f"    name='Module {i}',\n"
            f"    description='Generated module number {i}.',\n"
            "    version='1.2.0',\n"
            f"    requires={sorted(set(requires))!r},\n"
            "    features=['reports', 'exports'],\n"
            "    menu_items={'admin': ['reports'], 'vendor': ['reports']},\n"
            ")\n"
        )
        files.append(file)
    compileall.compile_dir(str(root), quiet=1)
    return files


def floor(files: list[Path], round_no: int) -> float:
    """Import each definition file with importlib, nothing more."""
    names = []
    start = time.perf_counter()
    for file in files:
        name = f"_floor_{round_no}_{file.parent.name}"
        spec = importlib.util.spec_from_file_location(name, file)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        names.append(name)
    elapsed = time.perf_counter() - start
    for name in names:
        del sys.modules[name]
    return elapsed


def ours(root: Path) -> float:
    start = time.perf_counter()
    found = scan_folder(root)
    elapsed = time.perf_counter() - start
    assert not found.problems, found.problems[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = generate(root, args.modules)
        ours(root), floor(files, -1)  # warm both paths once
        floor_times, our_times = [], []
        for round_no in range(args.rounds):
            floor_times.append(floor(files, round_no))
            our_times.append(ours(root))
    rows = {"floor: importlib": floor_times, "modstack.discover": our_times}
    print(f"discover {args.modules} module folders, best of {args.rounds} (median in brackets)")
    for name, times in rows.items():
        print(f"  {name:<20}{min(times) * 1000:8.1f} ms  [{statistics.median(times) * 1000:.1f}]")
    print(f"  ratio               {min(our_times) / min(floor_times):8.2f}x  (target <= 1.30x)")


if __name__ == "__main__":
    main()
