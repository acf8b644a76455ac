"""The per-module rules about a module folder's layout: MOD-001, MOD-005 … MOD-008,
MOD-011 … MOD-013 (the seed's obligations and conventions, in modstack's layout)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from modstack.check.context import CheckContext
from modstack.check.model import Finding
from modstack.check.source import files_under, parse, python_files, top_level_names
from modstack.check.views import ModuleView

ModuleRule = Callable[[ModuleView, CheckContext], Iterator[Finding]]

PACKAGE_PARTS = ("services", "models", "schemas", "routes")
_TEMPLATE_SUFFIXES = {".html", ".htm", ".jinja", ".jinja2", ".j2", ".txt", ".xml"}


def needs_init(folder: Path) -> bool:
    """True for a folder holding Python files but no ``__init__.py``."""
    if not folder.is_dir() or (folder / "__init__.py").is_file():
        return False
    try:
        return any(p.suffix == ".py" for p in folder.iterdir())
    except OSError:
        return False


SELF_CONTAINED_PARTS = ("services", "models", "schemas")
"""The folders the seed's self-contained module declares (``services_path`` ...)."""


def package_markers(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-001: a self-contained module has its required folders; a module in a tree of
    regular packages is one (``__init__.py``), and so is each part folder it has."""
    assert view.folder is not None
    folder = view.folder
    is_package = (folder / "__init__.py").is_file()
    if not is_package and (view.self_contained or (folder.parent / "__init__.py").is_file()):
        why = "is_self_contained=True" if view.self_contained else "the modules folder is one"
        yield ctx.finding(
            "MOD-001",
            view.code,
            folder,
            None,
            f"module folder {folder.name}/ has no __init__.py: it is not a package ({why})",
            f"add an empty {folder.name}/__init__.py (the module's package marker)",
        )
    if view.self_contained:
        for part in SELF_CONTAINED_PARTS:
            path = view.part(part)
            if path is not None and not path.exists():
                yield ctx.finding(
                    "MOD-001",
                    view.code,
                    view.file or folder,
                    view.keyword_lines.get("is_self_contained", view.line),
                    f"self-contained module {view.code!r} has no {getattr(view.paths, part)}/",
                    f"create {folder.name}/{getattr(view.paths, part)}/__init__.py, or drop "
                    "is_self_contained=True",
                )
    if not is_package:
        return
    parts = [view.part(name) for name in PACKAGE_PARTS]
    routes = view.part("routes")
    if routes is not None:
        parts += [routes / "api", routes / "pages"]
    for part_folder in parts:
        if part_folder is not None and needs_init(part_folder):
            relative = part_folder.relative_to(folder)
            yield ctx.finding(
                "MOD-001",
                view.code,
                part_folder,
                None,
                f"{relative}/ holds Python files but no __init__.py, unlike its module",
                f"add an empty {folder.name}/{relative}/__init__.py",
            )


def page_files(view: ModuleView) -> list[Path]:
    """The module's page route files (``routes/pages/*.py``)."""
    routes = view.part("routes")
    if routes is None or not (routes / "pages").is_dir():
        return []
    return [p for p in sorted((routes / "pages").glob("*.py")) if not p.name.startswith("_")]


def ui_assets(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-005: pages render templates from ``templates/<code>/``; templates that link
    the module's static files need ``static/``."""
    templates = view.part("templates")
    pages = page_files(view)
    names = {view.code, view.code.replace("-", "_")}
    if pages and (templates is None or not any((templates / n).is_dir() for n in names)):
        yield ctx.finding(
            "MOD-005",
            view.code,
            pages[0],
            None,
            f"module {view.code!r} has page routes but no templates/{view.code}/ folder",
            f"put the pages' templates in {view.folder.name if view.folder else ''}/"
            f"{view.paths.templates}/{view.code}/<frontend>/…",
        )
    static = view.part("static")
    if templates is None or not templates.is_dir() or (static is not None and static.is_dir()):
        return
    linked = re.compile(
        rf"""module_static\(\s*['"]{re.escape(view.code)}['"]|['"]{re.escape(view.code)}_static['"]"""
    )
    for file in files_under(templates, _TEMPLATE_SUFFIXES):
        for number, text in enumerate(_lines(file), start=1):
            if linked.search(text):
                yield ctx.finding(
                    "MOD-005",
                    view.code,
                    file,
                    number,
                    f"template links {view.code}'s static files, but the module has no "
                    f"{view.paths.static}/ folder",
                    f"add the files under {view.paths.static}/ (mounted at "
                    f"/static/modules/{view.code}/), or drop the link",
                )
                return


def _lines(file: Path) -> list[str]:
    try:
        return file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def locales_present(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-006: a module ships its texts in ``locales/*.json``."""
    locales = view.part("locales")
    if locales is not None and not any(locales.glob("*.json")):
        yield ctx.finding(
            "MOD-006",
            view.code,
            view.file or locales,
            view.line,
            f"module {view.code!r} has no translations ({view.paths.locales}/*.json)",
            f"add {view.paths.locales}/en.json with the module's texts (flat key -> text)",
        )


def declared_paths(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-007: every path the definition sets points at something in the module folder."""
    assert view.folder is not None
    for part in sorted(view.explicit_paths):
        relative = getattr(view.paths, part, None)
        if relative is None:
            continue
        line = view.keyword_lines.get(f"{part}_path", view.keyword_lines.get("paths", view.line))
        target = (view.folder / relative).resolve()
        inside = target == view.folder.resolve() or view.folder.resolve() in target.parents
        if inside and target.exists():
            continue
        problem = (
            f"points nowhere: {view.folder.name}/{relative} does not exist"
            if inside
            else "leaves the module folder"
        )
        yield ctx.finding(
            "MOD-007",
            view.code,
            view.file or view.folder,
            line,
            f"{part} path {relative!r} {problem}",
            f"create {view.folder.name}/{relative}, or set {part}_path to where the "
            f"{part} really are (relative to the module folder, or the seed's dotted "
            f"app.modules.{view.code}.{part})",
        )


def exceptions_file(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-008: a self-contained module has its own exceptions file."""
    exceptions = view.part("exceptions")
    if exceptions is not None and not exceptions.exists():
        yield ctx.finding(
            "MOD-008",
            view.code,
            view.file or view.folder or "",
            view.line,
            f"module {view.code!r} has no {view.paths.exceptions}",
            f"add {view.folder.name if view.folder else ''}/{view.paths.exceptions} with the "
            f"module's errors (class {_camel(view.code)}Error(modstack.ModuleError): ...)",
        )


def _camel(code: str) -> str:
    return "".join(word.capitalize() for word in re.split(r"[-_]", code))


def tasks_package(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-011: a tasks folder is a package, or its tasks are never found."""
    tasks = view.part("tasks")
    if tasks is None:
        return
    if tasks.is_dir() and not (tasks / "__init__.py").is_file():
        count = sum(1 for _ in python_files(tasks))
        if count:
            yield ctx.finding(
                "MOD-011",
                view.code,
                tasks,
                None,
                f"{view.paths.tasks}/ has no __init__.py: task discovery skips the folder, so "
                f"its {count} file{'s' if count != 1 else ''} of tasks are silently dropped",
                f"add {view.paths.tasks}/__init__.py importing the task functions",
            )
    single = tasks.with_suffix(".py")
    if not tasks.exists() and single.is_file():
        yield ctx.finding(
            "MOD-011",
            view.code,
            single,
            None,
            f"{single.name} is not read: tasks are found only in the {view.paths.tasks}/ package",
            f"move it to {view.paths.tasks}/__init__.py",
        )


def all_languages(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-012: a module's locales cover every language of the tree."""
    locales = view.part("locales")
    if locales is None or not locales.is_dir():
        return
    have = {p.stem for p in locales.glob("*.json")}
    missing = sorted(ctx.languages - have)
    if missing and have:
        files = ", ".join(f"{m}.json" for m in missing)
        yield ctx.finding(
            "MOD-012",
            view.code,
            locales,
            None,
            f"module {view.code!r} lacks translations for {', '.join(missing)}",
            f"add {view.paths.locales}/{files} (or set [tool.modstack.check] languages)",
        )


def config_export(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-013: ``config.py`` names what it exports."""
    config = view.part("config")
    if config is None or not config.is_file():
        return
    tree = parse(config)
    if tree is not None and not ({"config", "config_class"} & top_level_names(tree)):
        yield ctx.finding(
            "MOD-013",
            view.code,
            config,
            None,
            f"{view.paths.config} exports neither `config` nor `config_class`",
            "add `config_class = <YourSettings>` (or `config = <YourSettings>()`) at the end "
            "of the file",
        )


LAYOUT_RULES: dict[str, ModuleRule] = {
    "MOD-001": package_markers,
    "MOD-005": ui_assets,
    "MOD-006": locales_present,
    "MOD-007": declared_paths,
    "MOD-008": exceptions_file,
    "MOD-011": tasks_package,
    "MOD-012": all_languages,
    "MOD-013": config_export,
}
