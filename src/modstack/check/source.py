"""Reading Python files without running them: names bound at the top, imports, and
whether a file holds code or only re-exports."""

from __future__ import annotations

import ast
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_BLOCKS = (ast.If, ast.Try, ast.With)


_PARSED: dict[tuple[str, int, int], ast.Module | None] = {}
_PARSED_LIMIT = 50_000


def parse(path: Path) -> ast.Module | None:
    """The syntax tree of ``path``, or None when it cannot be read or parsed. Each file
    is parsed once while it stays unchanged (same size and modification time)."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    key = (str(path), status.st_mtime_ns, status.st_size)
    if key in _PARSED:
        return _PARSED[key]
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    try:
        tree: ast.Module | None = ast.parse(path.read_bytes(), filename=str(path))
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError):
        tree = None
    _PARSED[key] = tree
    return tree


def top_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, looking inside ``if``/``try``/``with`` blocks."""
    for node in body:
        yield node
        if isinstance(node, _BLOCKS):
            inner: list[ast.stmt] = [*node.body, *getattr(node, "orelse", [])]
            inner += getattr(node, "finalbody", [])
            for handler in getattr(node, "handlers", []):
                inner += handler.body
            yield from top_statements(inner)


def top_level_names(tree: ast.Module) -> set[str]:
    """Every name a module binds at its top level."""
    names: set[str] = set()
    for node in top_statements(tree.body):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                names.update(_bound(target))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign):
            names.update(_bound(node.target))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def _bound(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for item in target.elts:
            yield from _bound(item)


def holds_code(tree: ast.Module) -> bool:
    """True when a file does more than import names and list them in ``__all__``."""
    for index, node in enumerate(tree.body):
        if isinstance(node, ast.Import | ast.ImportFrom | ast.Pass):
            continue
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the docstring
        if isinstance(node, ast.Assign | ast.AnnAssign) and set(
            _bound(node.targets[0] if isinstance(node, ast.Assign) else node.target)
        ) <= {"__all__"}:
            continue
        return True
    return False


@dataclass(frozen=True, slots=True)
class ImportStatement:
    """One import: the line, the relative level, the module named, and the names taken."""

    line: int
    level: int
    module: str
    names: tuple[str, ...]
    """For ``from m import a, b``: ``("a", "b")``; for ``import m``: ``()``."""


def imports_of(tree: ast.Module) -> Iterator[ImportStatement]:
    """Every import in a file, at any depth (functions and ``TYPE_CHECKING`` blocks too)."""
    for node in _all_statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield ImportStatement(node.lineno, 0, alias.name, ())
        elif isinstance(node, ast.ImportFrom):
            names = tuple(alias.name for alias in node.names)
            yield ImportStatement(node.lineno, node.level, node.module or "", names)


def _all_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones too; expressions (where no import can be) skipped."""
    for node in body:
        yield node
        for name in ("body", "orelse", "finalbody"):
            inner = getattr(node, name, None)
            if isinstance(inner, list):
                yield from _all_statements(inner)
        for holder in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
            yield from _all_statements(holder.body)


def python_files(folder: Path) -> Iterator[Path]:
    """The ``.py`` files under ``folder``, in order, skipping hidden folders, caches and
    symbolic links to folders (a link loop cannot hang the check)."""
    if folder.suffix == ".py" and folder.is_file():
        yield folder
        return
    yield from files_under(folder, {".py"})


def files_under(folder: Path, suffixes: set[str]) -> Iterator[Path]:
    """The files under ``folder`` with one of ``suffixes``, in order, not following
    links to folders nor entering hidden folders and caches."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_folder:
            if entry.name[0] != "." and entry.name != "__pycache__":
                yield from files_under(Path(entry.path), suffixes)
        elif os.path.splitext(entry.name)[1] in suffixes and entry.is_file():
            yield Path(entry.path)
