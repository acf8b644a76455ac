"""Find module definitions: in folders, in packages of module classes, in installed
distributions. Discovery imports definitions only — never routes, services or models."""

from __future__ import annotations

import errno
import hashlib
import importlib
import importlib.util
import os
import pkgutil
import sys
import traceback
import types
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from modstack.compat import definition_from_class, is_module_class
from modstack.definition import ModuleDefinition
from modstack.errors import (
    DefinitionError,
    DiscoveryError,
    ModstackError,
    ModuleTreeError,
)

ENTRY_POINT_GROUP = "modstack.modules"
DEFINITION_FILE = "definition.py"

OnImport = Callable[[str], object]
"""Told the file (or entry point) discovery is about to import, before each import."""


@dataclass(frozen=True, slots=True)
class Discovery:
    """What one discovery run found: the definitions, and every problem on the way."""

    definitions: tuple[ModuleDefinition, ...]
    problems: tuple[ModstackError, ...]

    def __add__(self, other: Discovery) -> Discovery:
        return Discovery(self.definitions + other.definitions, self.problems + other.problems)

    def raise_for_problems(self) -> tuple[ModuleDefinition, ...]:
        """Return the definitions; raise ModuleTreeError if anything went wrong."""
        if self.problems:
            raise ModuleTreeError(self.problems)
        return self.definitions


def scan(
    *roots: str | os.PathLike[str],
    packages: Iterable[str] = (),
    entry_points: bool = False,
    group: str = ENTRY_POINT_GROUP,
    on_import: OnImport | None = None,
) -> Discovery:
    """Discover from every source given and return definitions and problems together;
    never raises for a problem in the tree. ``on_import`` hears of each definition file
    and entry point before it is imported."""
    found = Discovery((), ())
    for root in roots:
        found += scan_folder(root, on_import=on_import)
    for package in packages:
        found += scan_package(package)
    if entry_points:
        found += scan_entry_points(group, on_import=on_import)
    return found


def discover(
    *roots: str | os.PathLike[str],
    packages: Iterable[str] = (),
    entry_points: bool = False,
    group: str = ENTRY_POINT_GROUP,
) -> tuple[ModuleDefinition, ...]:
    """Return every module definition under ``roots`` (folders holding
    ``<code>/definition.py``), in ``packages`` (class-style modules) and, with
    ``entry_points=True``, in installed distributions.

    Raises ModuleTreeError listing every problem found, not just the first.
    """
    return scan(
        *roots, packages=packages, entry_points=entry_points, group=group
    ).raise_for_problems()


# -- folders ------------------------------------------------------------------------------


def scan_folder(root: str | os.PathLike[str], *, on_import: OnImport | None = None) -> Discovery:
    """Discover ``<root>/<code>/definition.py`` files; the folder name must be the code
    (or the code with ``-`` written ``_``)."""
    try:
        base = Path(root).resolve()
        found_root = base.is_dir()
    except (OSError, RuntimeError) as error:  # a symlink loop (RuntimeError before 3.13)
        source = os.path.abspath(root)
        problem = DiscoveryError(source=source, reason=f"modules folder {_unreadable(error)}")
        return Discovery((), (problem,))
    if not found_root:
        problem = DiscoveryError(source=str(base), reason="modules folder not found")
        return Discovery((), (problem,))
    package = _package_name(base)
    definitions: list[ModuleDefinition] = []
    problems: list[ModstackError] = []
    for entry in sorted(os.scandir(base), key=lambda e: e.name):
        if entry.name[0] in "._" or not _is_folder(entry, problems):
            continue
        file = os.path.join(entry.path, DEFINITION_FILE)
        if not os.path.isfile(file):
            if os.path.lexists(file):
                problems.append(DiscoveryError(source=file, reason=_not_a_file(file)))
            elif any(name.endswith(".py") for name in os.listdir(entry.path)):
                problems.append(
                    DiscoveryError(
                        source=entry.path,
                        reason=f"module folder has no {DEFINITION_FILE}; add one that exports "
                        "a ModuleDefinition, or move the folder out of the modules root",
                    )
                )
            continue
        if on_import is not None:
            on_import(file)
        found = _load_one(f"{package}.{entry.name}.definition", file, problems)
        if found is None:
            continue
        if entry.name not in (found.code, found.code.replace("-", "_")):
            problems.append(
                DefinitionError(
                    module=found.code,
                    field="code",
                    value=found.code,
                    reason=f"must equal the folder name {entry.name!r}; rename one of them",
                    file=file,
                )
            )
            continue
        definitions.append(found)
    return Discovery(tuple(definitions), tuple(problems))


def _is_folder(entry: os.DirEntry[str], problems: list[ModstackError]) -> bool:
    try:
        return entry.is_dir()
    except OSError as error:  # a symlink that loops, or points nowhere it may read
        problems.append(DiscoveryError(source=entry.path, reason=f"entry {_unreadable(error)}"))
        return False


def _unreadable(error: BaseException) -> str:
    loop = isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP
    what = "is a symlink loop" if loop else f"cannot be read ({error})"
    return f"{what}; point the link at a real folder or remove it"


def _not_a_file(file: str) -> str:
    """Why a ``definition.py`` that exists is not a file discovery can import."""
    if os.path.isdir(file):
        return f"{DEFINITION_FILE} is a directory; make it the file that exports the definition"
    try:
        os.stat(file)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return f"{DEFINITION_FILE} is a symlink loop; replace it with the definition file"
        return f"{DEFINITION_FILE} is a symlink to {os.readlink(file)!r}, which cannot be read"
    return f"{DEFINITION_FILE} is not a regular file; it must be a Python file"


def reload_definition(definition: ModuleDefinition) -> ModuleDefinition:
    """Execute ``definition``'s file again, under the same module name, and return the
    one definition it now makes. Raises ModuleTreeError listing what went wrong."""
    if (
        definition.source is None
        or definition.import_name is None
        or not os.path.isfile(definition.source)
    ):
        raise ModuleTreeError(
            [
                DiscoveryError(
                    source=str(definition.source),
                    reason="the definition has no file to reload",
                    module=definition.code,
                )
            ]
        )
    problems: list[ModstackError] = []
    found = _load_one(definition.import_name, definition.source, problems)
    if found is None or problems:
        raise ModuleTreeError(problems)
    return found


def _package_name(root: Path) -> str:
    """The import name module folders live under: the real package when ``root`` is
    importable from ``sys.path``, else a private namespace unique to the folder."""
    parts: list[str] = []
    top = root
    while (top / "__init__.py").is_file():
        parts.insert(0, top.name)
        top = top.parent
    if parts and str(top) in {os.path.abspath(p or os.curdir) for p in sys.path}:
        return ".".join(parts)
    name = "_modstack_tree_" + hashlib.sha1(str(root).encode()).hexdigest()[:12]
    if name not in sys.modules:
        namespace = types.ModuleType(name, f"modules found in {root}")
        namespace.__path__ = [str(root)]
        sys.modules[name] = namespace
    return name


def _load_one(name: str, file: str, problems: list[ModstackError]) -> ModuleDefinition | None:
    module = _execute(name, file, problems)
    if module is None:
        return None
    found = list(_declared_in(module, problems))
    if len(found) == 1:
        return found[0]
    if not found:
        reason = "exports no ModuleDefinition (nor a class-style module); define exactly one"
    else:
        codes = ", ".join(repr(d.code) for d in found)
        reason = f"exports {len(found)} module definitions ({codes}); a file defines exactly one"
    problems.append(DiscoveryError(source=file, reason=reason))
    return None


def _execute(name: str, file: str, problems: list[ModstackError]) -> types.ModuleType | None:
    spec = importlib.util.spec_from_file_location(name, file)
    assert spec is not None  # a .py path always has a spec and a loader
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except (DefinitionError, DiscoveryError) as error:
        problems.append(error)
    except ModuleTreeError as error:
        problems.extend(error.problems)
    except (Exception, SystemExit, GeneratorExit) as error:  # noqa: BLE001 - a user's error: reported
        problems.append(DiscoveryError(source=_failing_line(error, file), reason=_cause(error)))
    else:
        return module
    del sys.modules[name]
    return None


def _declared_in(
    module: types.ModuleType, problems: list[ModstackError]
) -> Iterator[ModuleDefinition]:
    """Definitions made by this file (not ones it imported), native first, then classes."""
    file = getattr(module, "__file__", None)
    seen: set[int] = set()
    native = False
    for value in list(vars(module).values()):
        if isinstance(value, ModuleDefinition) and id(value) not in seen:
            seen.add(id(value))
            if value.source == file:
                native = True
                yield value
    if native:
        return
    for value in list(vars(module).values()):
        if is_module_class(value) and value.__module__ == module.__name__ and id(value) not in seen:
            seen.add(id(value))
            try:
                yield definition_from_class(value)
            except DefinitionError as error:
                problems.append(error)
            except ModuleTreeError as error:
                problems.extend(error.problems)


def _failing_line(error: BaseException, file: str) -> str:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == file]
    if frames:
        return f"{file}:{frames[-1].lineno}"
    if isinstance(error, SyntaxError) and error.lineno:
        return f"{file}:{error.lineno}"
    return file


def _cause(error: BaseException) -> str:
    detail = error.msg if isinstance(error, SyntaxError) else str(error)
    said = f": {detail}" if detail else ""
    return f"importing the definition failed: {type(error).__name__}{said}"


# -- packages of class-style modules ------------------------------------------------------


def scan_package(package: str) -> Discovery:
    """Discover class-style modules (and native definitions) in the direct submodules of
    an importable ``package``, as the Flask and Django seeds' registries do."""
    problems: list[ModstackError] = []
    try:
        root = importlib.import_module(package)
    except Exception as error:  # noqa: BLE001
        problems.append(DiscoveryError(source=f"package {package!r}", reason=_cause(error)))
        return Discovery((), tuple(problems))
    modules = [root]
    for info in pkgutil.iter_modules(getattr(root, "__path__", []), prefix=f"{package}."):
        try:
            modules.append(importlib.import_module(info.name))
        except Exception as error:  # noqa: BLE001
            problems.append(DiscoveryError(source=f"module {info.name!r}", reason=_cause(error)))
    definitions = [d for m in modules for d in _declared_in(m, problems)]
    return Discovery(tuple(definitions), tuple(problems))


# -- installed distributions --------------------------------------------------------------


def scan_entry_points(
    group: str = ENTRY_POINT_GROUP, *, on_import: OnImport | None = None
) -> Discovery:
    """Discover modules that installed distributions expose in the entry point ``group``.

    Each entry point names a ModuleDefinition, a class-style module, or a Python module
    that defines exactly one of them. Entries listed twice (editable installs) count once.
    """
    definitions: list[ModuleDefinition] = []
    problems: list[ModstackError] = []
    for point in _unique(entry_points(group=group)):
        source = f"entry point {point.name!r} = {point.value!r} in group {group!r}"
        if on_import is not None:
            on_import(source)
        try:
            target = point.load()
        except Exception as error:  # noqa: BLE001
            problems.append(DiscoveryError(source=source, reason=_cause(error)))
            continue
        if isinstance(target, ModuleDefinition):
            definitions.append(target)
        elif is_module_class(target):
            try:
                definitions.append(definition_from_class(target))
            except DefinitionError as error:
                problems.append(error)
        elif isinstance(target, types.ModuleType):
            found = list(_declared_in(target, problems))
            if len(found) == 1:
                definitions.append(found[0])
            else:
                reason = f"the module it names defines {len(found)} modules; expected exactly one"
                problems.append(DiscoveryError(source=source, reason=reason))
        else:
            reason = f"names a {type(target).__name__}; expected a ModuleDefinition or module class"
            problems.append(DiscoveryError(source=source, reason=reason))
    return Discovery(tuple(definitions), tuple(problems))


def _unique(points: Iterable[EntryPoint]) -> Iterator[EntryPoint]:
    seen: set[tuple[str, str]] = set()
    for point in points:
        dist = point.dist.name.lower().replace("_", "-") if point.dist else ""
        if (dist, point.name) not in seen:
            seen.add((dist, point.name))
            yield point
