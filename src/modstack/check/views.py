"""What the checker knows of each module: its folder, style, parts and dependencies —
from the loaded registry, or read from ``definition.py`` without running it when the
tree did not load (so one broken module does not hide the others' findings)."""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modstack.check.model import Style
from modstack.check.source import parse
from modstack.definition import PATH_PARTS, ModuleDefinition, ModulePaths
from modstack.discovery import DEFINITION_FILE
from modstack.errors import ModstackError
from modstack.registry import Registry
from modstack.requirement import parse_requirement


@dataclass(frozen=True)
class ModuleView:
    """One module as the rules see it."""

    code: str
    style: Style
    folder: Path | None
    paths: ModulePaths
    requires: frozenset[str]
    """Codes in ``requires`` and ``optional_requires``."""
    definition: ModuleDefinition | None = None
    file: Path | None = None
    """Its ``definition.py``."""
    line: int | None = None
    """The line that declares the module (the ``ModuleDefinition(`` call or the class)."""
    keyword_lines: dict[str, int] = field(default_factory=dict)
    """Line of each keyword the declaration sets (``services_path=`` ...)."""
    explicit_paths: frozenset[str] = frozenset()
    """The parts whose path the declaration sets (``services_path=`` ..., or a path that
    differs from the default)."""
    self_contained: bool = False
    """The declaration says ``is_self_contained=True`` (the Wizamart seed's flag)."""

    def part(self, name: str) -> Path | None:
        """Where part ``name`` (a ModulePaths field) lives, if the module has a folder."""
        if self.folder is None:
            return None
        return self.folder / str(getattr(self.paths, name))


def module_views(root: Path, registry: Registry | None) -> list[ModuleView]:
    """Every module to check: those the registry holds, then every folder under ``root``
    with a ``definition.py`` the registry does not (read statically)."""
    views: list[ModuleView] = []
    seen: set[Path] = set()
    base = root.resolve() if root.is_dir() else root
    for definition in registry or ():
        folder = _folder_of(definition, base)
        views.append(_from_definition(definition, folder))
        if folder is not None:
            seen.add(folder)
    for folder in module_folders(base):
        if folder not in seen and (folder / DEFINITION_FILE).is_file():
            views.append(_from_source(folder))
    return views


def module_folders(root: Path) -> list[Path]:
    """The folders under the modules root that discovery looks into."""
    if not root.is_dir():
        return []
    return [
        Path(entry.path)
        for entry in sorted(os.scandir(root), key=lambda e: e.name)
        if entry.name[0] not in "._" and entry.name != "__pycache__" and entry.is_dir()
    ]


def _folder_of(definition: ModuleDefinition, root: Path) -> Path | None:
    source = definition.source
    if not source or source.startswith("<") or Path(source).name != DEFINITION_FILE:
        return None
    folder = Path(source).resolve().parent
    return folder if folder.parent == root else None


def _style(folder: Path | None, is_class: bool) -> Style:
    if folder is None:
        return Style.PACKAGE
    if _is_django_app(folder):
        return Style.DJANGO_APP
    return Style.CLASS if is_class else Style.FOLDER


def _is_django_app(folder: Path) -> bool:
    tree = parse(folder / "apps.py") if (folder / "apps.py").is_file() else None
    if tree is None:
        return False
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
                if name.endswith("AppConfig"):
                    return True
    return False


def _from_definition(definition: ModuleDefinition, folder: Path | None) -> ModuleView:
    declared = _Declaration.read(folder / DEFINITION_FILE) if folder else _Declaration()
    requires = {r.code for r in (*definition.requires, *definition.optional_requires)}
    defaults = ModulePaths()
    explicit = {p for p in PATH_PARTS if getattr(definition.paths, p) != getattr(defaults, p)}
    explicit |= {k.removesuffix("_path") for k in declared.keyword_lines if k.endswith("_path")}
    return ModuleView(
        code=definition.code,
        # the static reading too: a definition loaded in another process may come back
        # without its class
        style=_style(folder, definition.implementation is not None or declared.is_class),
        folder=folder,
        paths=definition.paths,
        requires=frozenset(requires),
        definition=definition,
        file=folder / DEFINITION_FILE if folder else None,
        line=declared.line,
        keyword_lines=declared.keyword_lines,
        explicit_paths=frozenset(explicit) & set(PATH_PARTS),
        self_contained=declared.fields.get("is_self_contained") is True,
    )


def _from_source(folder: Path) -> ModuleView:
    file = folder / DEFINITION_FILE
    declared = _Declaration.read(file)
    fields = declared.fields
    code = fields.get("code") if isinstance(fields.get("code"), str) else folder.name
    seed_paths: dict[str, Any] = {
        k: v for k, v in fields.items() if k.endswith("_path") and isinstance(v, str)
    }
    built: ModuleDefinition | None
    try:
        built = ModuleDefinition(str(code), source=str(file), import_name=None, **seed_paths)
    except (ModstackError, TypeError):
        built = None
    paths = built.paths if built is not None else ModulePaths()
    requires: set[str] = set()
    for key in ("requires", "optional_requires"):
        for text in fields.get(key, ()) if isinstance(fields.get(key), list | tuple) else ():
            try:
                requires.add(parse_requirement(str(text)).code)
            except ValueError:
                continue
    return ModuleView(
        code=str(code),
        style=_style(folder, declared.is_class),
        folder=folder,
        paths=paths,
        requires=frozenset(requires),
        definition=built,
        file=file,
        line=declared.line,
        keyword_lines=declared.keyword_lines,
        explicit_paths=frozenset(k.removesuffix("_path") for k in seed_paths) & set(PATH_PARTS),
        self_contained=fields.get("is_self_contained") is True,
    )


@dataclass
class _Declaration:
    """What ``definition.py`` declares, read from its syntax tree."""

    line: int | None = None
    is_class: bool = False
    fields: dict[str, Any] = field(default_factory=dict)
    keyword_lines: dict[str, int] = field(default_factory=dict)

    @classmethod
    def read(cls, file: Path) -> _Declaration:
        found = cls()
        tree = parse(file)
        if tree is None:
            return found
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) == "ModuleDefinition":
                found._call(node, {"code": 0})
                return found
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and found._class(node):
                return found
        return found

    def _call(self, call: ast.Call, positional: dict[str, int]) -> None:
        self.line = call.lineno
        for key, index in positional.items():
            if len(call.args) > index:
                self.fields[key] = _literal(call.args[index])
        for keyword in call.keywords:
            if keyword.arg:
                self.fields[keyword.arg] = _literal(keyword.value)
                self.keyword_lines[keyword.arg] = keyword.value.lineno

    def _class(self, node: ast.ClassDef) -> bool:
        marked = False
        optional: list[str] = []
        required: list[str] = []
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and _name(decorator.func) == "module":
                self._call(decorator, {})
                self.fields["code"] = self.fields.pop("name", None)
                required += list(self.fields.pop("dependencies", None) or ())
                marked = True
            elif isinstance(decorator, ast.Call) and _name(decorator.func) == "dependency":
                code = _literal(decorator.args[0]) if decorator.args else None
                soft = any(
                    k.arg == "required" and _literal(k.value) is False for k in decorator.keywords
                )
                (optional if soft else required).append(str(code))
        attrs = {
            target.id: _literal(statement.value)
            for statement in node.body
            if isinstance(statement, ast.Assign)
            for target in statement.targets
            if isinstance(target, ast.Name)
        }
        if not marked and isinstance(attrs.get("NAME"), str):
            self.fields["code"] = attrs["NAME"]
            required += list(attrs.get("DEPENDENCIES") or ())
            optional += list(attrs.get("OPTIONAL_DEPENDENCIES") or ())
            marked = True
        if marked:
            self.line = node.lineno
            self.is_class = True
            self.fields["requires"] = required
            self.fields["optional_requires"] = optional
        return marked


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None
