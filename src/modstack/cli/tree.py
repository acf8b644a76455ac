"""Where the CLI finds the module tree, and how it loads one for a command."""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from modstack.discovery import Discovery, scan
from modstack.discovery_isolated import scan_isolated
from modstack.errors import ModstackError
from modstack.graph import check, resolve
from modstack.registry import Registry

DEFAULT_MODULES = "app/modules"


def modules_path(explicit: str | None, *, start: Path | None = None) -> tuple[Path, str]:
    """Pick the modules folder and say where the choice came from: the ``--modules``
    flag, ``MODSTACK_MODULES``, ``[tool.modstack] modules`` in the nearest
    ``pyproject.toml``, or ``app/modules``."""
    if explicit:
        return Path(explicit), "--modules"
    from_env = os.environ.get("MODSTACK_MODULES")
    if from_env:
        return Path(from_env), "MODSTACK_MODULES"
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            configured = _configured_modules(pyproject)
            if configured:
                return folder / configured, f"{pyproject} [tool.modstack] modules"
            break
    return Path(DEFAULT_MODULES), "default"


def configured_framework(*, start: Path | None = None) -> str | None:
    """``[tool.modstack] framework`` in the nearest ``pyproject.toml`` (``"fastapi"``,
    ``"flask"``, as ``modstack new app`` writes it), or None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            value = _configured(pyproject, "framework")
            return value if isinstance(value, str) else None
    return None


def _configured_modules(pyproject: Path) -> str | None:
    value = _configured(pyproject, "modules")
    return value if isinstance(value, str) else None


def _configured(pyproject: Path, key: str) -> object:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    return data.get("tool", {}).get("modstack", {}).get(key)


def package_names(*, start: Path | None = None) -> tuple[str, ...]:
    """Packages scanned for class-style modules: ``--package`` (which sets
    ``MODSTACK_PACKAGE``, comma-separated), else ``[tool.modstack] package`` (a name or
    a list) in the nearest ``pyproject.toml``, whose folder joins ``sys.path``."""
    from_env = os.environ.get("MODSTACK_PACKAGE", "")
    if from_env.strip():
        _importable(Path.cwd())
        return tuple(name.strip() for name in from_env.split(",") if name.strip())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            value = _configured(pyproject, "package")
            names = [value] if isinstance(value, str) else value
            if isinstance(names, list) and all(isinstance(n, str) for n in names) and names:
                _importable(folder)
                return tuple(names)
            break
    return ()


def _importable(folder: Path) -> None:
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))


def _roots(path: Path, packages: tuple[str, ...]) -> list[Path]:
    """The modules folder, unless a package-only app has none."""
    return [path] if path.is_dir() or not packages else []


@dataclass(frozen=True)
class LoadedTree:
    """The outcome of loading one tree: a registry when valid, else every problem."""

    path: Path
    origin: str
    registry: Registry | None
    problems: tuple[ModstackError, ...]
    packages: tuple[str, ...] = ()
    """The packages scanned for class-style modules besides (or instead of) ``path``."""

    @property
    def where(self) -> str:
        """Where the modules were found, for a message: the folder (when it exists) and
        each package scanned."""
        places = [str(self.path)] if self.path.is_dir() or not self.packages else []
        places += [f"package {name}" for name in self.packages]
        return " and ".join(places)


def load_tree(explicit: str | None, *, entry_points: bool) -> LoadedTree:
    """Discover and resolve the tree a command works on, collecting every problem.
    The definitions are imported into this process: for commands that go on to run the
    modules' hooks, migrations or services."""
    path, origin = modules_path(explicit)
    packages = package_names()
    found = scan(*_roots(path, packages), packages=packages, entry_points=entry_points)
    return _loaded(path, origin, found, packages)


def load_tree_isolated(
    explicit: str | None, *, entry_points: bool, timeout: float | None = None
) -> LoadedTree:
    """Like :func:`load_tree`, for commands that only read the tree (``validate``,
    ``list``, ``check``): the definitions are imported in a child process that must
    finish within ``timeout`` seconds (else ``$MODSTACK_IMPORT_TIMEOUT``, else 30), so a
    file that hangs, exits or leaves a thread running is a problem naming it, not a hung
    or silent command. Hooks come back as ``"package.module:function"`` references and
    ``implementation`` as None (see :mod:`modstack.discovery_isolated`).

    Raises ValueError when the time limit is not a positive number.
    """
    path, origin = modules_path(explicit)
    if package_names():  # a package's class-style modules are imported in this process
        return load_tree(explicit, entry_points=entry_points)
    return _loaded(path, origin, scan_isolated(path, entry_points=entry_points, timeout=timeout))


def _loaded(
    path: Path, origin: str, found: Discovery, packages: tuple[str, ...] = ()
) -> LoadedTree:
    problems: list[ModstackError] = [*found.problems, *check(found.definitions)]
    registry = None if problems else resolve(found.definitions)
    return LoadedTree(path, origin, registry, tuple(problems), packages)
