"""The rules about the tree as a whole: it loads (TREE-001), every module folder has
a definition (MOD-009), and nothing lives in the legacy locations (MOD-016 … MOD-019)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from modstack.check.context import CheckContext
from modstack.check.layout import PACKAGE_PARTS
from modstack.check.model import Finding
from modstack.check.source import python_files
from modstack.check.views import module_folders
from modstack.discovery import DEFINITION_FILE
from modstack.errors import DefinitionError, DiscoveryError, GraphError, ModstackError

_MODULE_MARKERS = {*PACKAGE_PARTS, "tasks", "migrations", "templates", "static", "locales"}
LEGACY = {
    "MOD-016": ("legacy_routes", "routes", "routes/api/<frontend>.py"),
    "MOD-017": ("legacy_services", "services", "services/"),
    "MOD-018": ("legacy_tasks", "tasks", "tasks/"),
    "MOD-019": ("legacy_schemas", "schemas", "schemas/"),
}


def load_problems(problems: Sequence[ModstackError], ctx: CheckContext) -> Iterator[Finding]:
    """TREE-001: what ``modstack validate`` reports, one finding per problem (a folder
    without ``definition.py`` is MOD-009's)."""
    for problem in problems:
        if isinstance(problem, DiscoveryError) and f"no {DEFINITION_FILE}" in problem.reason:
            continue
        module = getattr(problem, "module", None)
        where = _where(problem)
        path, _, line = (
            where.rpartition(":") if where.rpartition(":")[2].isdigit() else (where, "", "")
        )
        yield ctx.finding(
            "TREE-001",
            module if isinstance(module, str) else None,
            path or str(ctx.root),
            int(line) if line else None,
            f"{type(problem).__name__}: {problem}",
            _fix(problem),
        )


def _fix(problem: ModstackError) -> str:
    if isinstance(problem, DiscoveryError) and "folder not found" in problem.reason:
        return "point --modules (or [tool.modstack] modules) at the folder of module folders"
    if isinstance(problem, DiscoveryError):
        return "make the file import without error and define exactly one module"
    if isinstance(problem, DefinitionError):
        return f"correct the field {problem.field!r} in the definition"
    if isinstance(problem, GraphError):
        return "change the requirements the message names; `modstack validate` lists every one"
    return "fix what the message names; `modstack validate` reports the same problem"


def _where(problem: ModstackError) -> str:
    if isinstance(problem, DiscoveryError):
        return problem.source
    if isinstance(problem, DefinitionError) and problem.file:
        return problem.file
    files = getattr(problem, "files", None)
    if isinstance(problem, GraphError) and files:
        return str(next((f for f in files if f), ""))
    return str(getattr(problem, "file", "") or "")


def missing_definitions(ctx: CheckContext) -> Iterator[Finding]:
    """MOD-009: a folder under the modules root that looks like a module (Python files,
    or module part folders) has a ``definition.py``."""
    for folder in module_folders(ctx.root):
        if (folder / DEFINITION_FILE).is_file():
            continue
        entries = {p.name for p in folder.iterdir()}
        has_code = any(name.endswith(".py") for name in entries)
        if has_code or entries & _MODULE_MARKERS:
            yield ctx.finding(
                "MOD-009",
                None,
                folder,
                None,
                f"folder {folder.name}/ looks like a module but has no {DEFINITION_FILE}; "
                "discovery cannot find it",
                f"add {folder.name}/{DEFINITION_FILE} exporting a ModuleDefinition "
                f"(code={folder.name.replace('_', '-')!r}), or move the folder out of the "
                "modules root",
            )


def project_roots(ctx: CheckContext) -> list[Path]:
    """Where the legacy locations are looked for: the configured project (the folder of
    pyproject.toml), the folder above the modules' top package, and the two folders
    above the modules folder."""
    root = ctx.root.resolve()
    top = root
    while (top / "__init__.py").is_file():
        top = top.parent
    found = [p for p in (ctx.config.root, top, root.parent, root.parent.parent) if p]
    return list(dict.fromkeys(p.resolve() for p in found))


def legacy_locations(ctx: CheckContext) -> Iterator[Finding]:
    """MOD-016 … MOD-019: routes, services, tasks and schemas live in modules."""
    seen: set[Path] = set()
    for rule_id, (key, part, where) in LEGACY.items():
        for base in project_roots(ctx):
            for location in getattr(ctx.config, key):
                folder = (base / location).resolve()
                for file in python_files(folder):
                    if file in seen or _empty_init(file):
                        continue
                    seen.add(file)
                    yield ctx.finding(
                        rule_id,
                        None,
                        file,
                        1,
                        f"{part} in a legacy location ({location}/): {file.name}",
                        f"move it into the module that owns it, app/modules/<code>/{where}, "
                        "and import it from there",
                    )


def _empty_init(file: Path) -> bool:
    try:
        return file.name == "__init__.py" and not file.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return False
