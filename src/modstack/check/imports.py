"""Import boundaries (IMP-001, IMP-002), found statically: a module imports another
module only if it requires it, and only from that module's public parts. No module code
runs; every import at any depth of every file of a module folder is read."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from modstack.check.context import CheckContext
from modstack.check.model import Finding
from modstack.check.source import ImportStatement, imports_of, parse, python_files
from modstack.check.views import ModuleView
from modstack.definition import PATH_PARTS


@dataclass(frozen=True)
class TreeNames:
    """How code names the modules of one tree: the dotted prefixes of the modules root
    (``app.modules``, discovery's private namespace, the bare folder name) and each
    module by folder name or by installed package."""

    roots: tuple[str, ...]
    by_folder: dict[str, ModuleView]
    by_package: dict[str, ModuleView]

    @classmethod
    def of(cls, ctx: CheckContext) -> TreeNames:
        root = ctx.root.resolve()
        parts: list[str] = []
        top = root
        while (top / "__init__.py").is_file():
            parts.insert(0, top.name)
            top = top.parent
        roots = [".".join(parts)] if parts else []
        by_package: dict[str, ModuleView] = {}
        for view in ctx.views:
            package = view.definition.package if view.definition is not None else None
            if view.folder is not None and package and "." in package:
                roots.append(package.rsplit(".", 1)[0])
            elif view.folder is None and package:
                by_package[package] = view
        roots.append(root.name)
        by_folder = {v.folder.name: v for v in ctx.views if v.folder is not None}
        return cls(tuple(dict.fromkeys(roots)), by_folder, by_package)

    def targets(self, statement: ImportStatement, package: list[str]) -> Iterator[list[str]]:
        """Each name ``statement`` imports, as components below the modules root
        (``["billing", "services", "Billing"]``); names outside the tree are skipped."""
        if statement.level:
            up = statement.level - 1
            if up > len(package):
                return
            base = package[: len(package) - up]
            written = [*base, *(statement.module.split(".") if statement.module else [])]
            yield from _with_names(written, statement.names)
            return
        for root in self.roots:
            if statement.module == root:
                for name in statement.names:
                    yield [name]
                return
            if statement.module.startswith(root + "."):
                written = statement.module[len(root) + 1 :].split(".")
                yield from _with_names(written, statement.names)
                return
        for package_name, view in self.by_package.items():
            if statement.module == package_name or statement.module.startswith(package_name + "."):
                rest = statement.module[len(package_name) :].strip(".").split(".")
                yield from _with_names([f"\0{view.code}", *filter(None, rest)], statement.names)
                return

    def view_of(self, first: str) -> ModuleView | None:
        """The module a first component names."""
        if first.startswith("\0"):
            return next((v for v in self.by_package.values() if v.code == first[1:]), None)
        return self.by_folder.get(first)


def _with_names(written: list[str], names: tuple[str, ...]) -> Iterator[list[str]]:
    if not names:
        yield written
    for name in names:
        yield [*written, name] if name != "*" else written


def public_names(view: ModuleView, ctx: CheckContext) -> set[str]:
    """The first dotted component of each public part of ``view`` (``services`` ...)."""
    names = set()
    for part in ctx.config.public_of(view.code):
        if part in PATH_PARTS:
            names.add(getattr(view.paths, part).split("/")[0].removesuffix(".py"))
        else:
            names.add(part.removesuffix(".py"))
    return names


def boundaries(ctx: CheckContext) -> Iterator[Finding]:
    """IMP-001 and IMP-002 for every module folder of the tree."""
    names = TreeNames.of(ctx)
    shown_root = names.roots[0] if names.roots else ctx.root.name
    for view in ctx.views:
        if view.folder is None:
            continue
        for file in python_files(view.folder):
            tree = parse(file)
            if tree is None:
                continue
            package = _package_of(file, view.folder)
            importer = ".".join(
                [shown_root, *package, *([] if file.stem == "__init__" else [file.stem])]
            )
            yield from _file_findings(ctx, names, view, file, tree_imports(tree), package, importer)


def tree_imports(tree: ast.Module) -> list[ImportStatement]:
    """The imports of a parsed file, in line order."""
    return sorted(imports_of(tree), key=lambda s: s.line)


def _dotted(names: TreeNames, target: list[str]) -> str:
    if target[0].startswith("\0"):
        view = names.view_of(target[0])
        package = view.definition.package if view and view.definition else None
        return ".".join([package or target[0][1:], *target[1:]])
    return ".".join([names.roots[0], *target]) if names.roots else ".".join(target)


def _package_of(file: Path, folder: Path) -> list[str]:
    return [folder.name, *file.parent.relative_to(folder).parts]


def _file_findings(
    ctx: CheckContext,
    names: TreeNames,
    view: ModuleView,
    file: Path,
    statements: list[ImportStatement],
    package: list[str],
    importer: str,
) -> Iterator[Finding]:
    for statement in statements:
        reported: set[str] = set()
        for target in names.targets(statement, package):
            other = names.view_of(target[0]) if target else None
            if other is None or other is view or other.code in reported:
                continue
            written = _dotted(names, target)
            chain = (importer, written)
            if other.code not in view.requires:
                reported.add(other.code)
                yield ctx.finding(
                    "IMP-001",
                    view.code,
                    file,
                    statement.line,
                    f"module {view.code!r} imports {other.code!r} ({importer} -> {written}) "
                    "but does not require it",
                    f"add {other.code!r} to {view.code}'s requires (or optional_requires), or "
                    "reach it through a service or an event",
                    chain,
                )
                continue
            public = public_names(other, ctx)
            part = target[1] if len(target) > 1 else None
            if part not in public:
                reported.add(other.code)
                what = f"private part {part!r}" if part else "package itself"
                yield ctx.finding(
                    "IMP-002",
                    view.code,
                    file,
                    statement.line,
                    f"module {view.code!r} imports {other.code}'s {what} ({importer} -> {written})",
                    f"import from {other.code}'s public parts ({', '.join(sorted(public))}), "
                    f"or make it public: [tool.modstack.check.public_parts] "
                    f"{other.code} = [...]",
                    chain,
                )
