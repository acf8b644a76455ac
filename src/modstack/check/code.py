"""The per-module rules about what a module's files hold: MOD-002 … MOD-004 (code, not
re-exports; no legacy imports), MOD-010 (routers), MOD-014 and MOD-015 (migrations)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from modstack.check.context import CheckContext
from modstack.check.layout import ModuleRule, needs_init
from modstack.check.model import Finding, Style
from modstack.check.source import holds_code, imports_of, parse, python_files, top_level_names
from modstack.check.views import ModuleView
from modstack.registry import Registry

FRONTENDS = ("admin", "vendor", "storefront")
PAGE_FRONTENDS = (*FRONTENDS, "public")
DJANGO_MIGRATION = re.compile(r"\d{4}_[A-Za-z0-9_]+\.py")


def _real_code(part: str, rule_id: str) -> ModuleRule:
    def check(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
        folder = view.part(part)
        files = list(python_files(folder)) if folder is not None else []
        trees = [(file, parse(file)) for file in files]
        parsed = [(file, tree) for file, tree in trees if tree is not None]
        if not parsed or any(holds_code(tree) for _, tree in parsed):
            return
        for file, tree in parsed:
            first = next(iter(sorted(imports_of(tree), key=lambda i: i.line)), None)
            if first is not None:
                yield ctx.finding(
                    rule_id,
                    view.code,
                    file,
                    first.line,
                    f"{getattr(view.paths, part)} only re-export names from elsewhere "
                    f"({first.module or '.'}); the module's {part} hold no code of their own",
                    f"move the {part} code into {view.code}'s {getattr(view.paths, part)}, "
                    "where the module owns it",
                )
                return

    check.__doc__ = f"{rule_id}: {part} hold code, not re-exports from elsewhere."
    return check


def route_files(view: ModuleView) -> list[Path]:
    """Every file that serves HTTP in the module: its routes, or a Django app's views."""
    routes = view.part("routes")
    found = list(python_files(routes)) if routes is not None else []
    if view.style is Style.DJANGO_APP and view.folder is not None:
        found += [view.folder / n for n in ("views.py", "urls.py") if (view.folder / n).is_file()]
    return found


def legacy_imports(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-004: route files import module code, not the legacy locations."""
    config = ctx.config
    legacy = [
        path.strip("/").replace("/", ".")
        for path in (
            *config.legacy_services,
            *config.legacy_schemas,
            *config.legacy_tasks,
            *config.legacy_routes,
        )
    ]
    for file in route_files(view):
        tree = parse(file)
        for statement in imports_of(tree) if tree is not None else ():
            if statement.level:
                continue
            named = [statement.module, *(f"{statement.module}.{n}" for n in statement.names)]
            hit = next((p for p in legacy for n in named if n == p or n.startswith(p + ".")), None)
            if hit is not None:
                yield ctx.finding(
                    "MOD-004",
                    view.code,
                    file,
                    statement.line,
                    f"route file imports {statement.module!r}, a legacy location ({hit})",
                    "import from the module that owns it (app.modules.<code>.services / "
                    ".schemas), after moving the code there",
                )


def routers(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-010: every route file mounting imports exports its router."""
    if view.style is Style.DJANGO_APP and view.folder is not None:
        urls = view.folder / "urls.py"
        tree = parse(urls) if urls.is_file() else None
        if tree is not None and "urlpatterns" not in top_level_names(tree):
            yield ctx.finding(
                "MOD-010",
                view.code,
                urls,
                None,
                "urls.py defines no `urlpatterns`; Django's include() of the app fails",
                "define `urlpatterns = [path(...), ...]` at the top level of urls.py",
            )
    routes = view.part("routes")
    if routes is None:
        return
    candidates = [routes / "api" / f"{f}.py" for f in FRONTENDS]
    candidates += [routes / "pages" / f"{f}.py" for f in PAGE_FRONTENDS]
    for file in candidates:
        if not file.is_file():
            continue
        tree = parse(file)
        if tree is None:
            yield ctx.finding(
                "MOD-010",
                view.code,
                file,
                None,
                "route file does not parse, so it exports no router",
                "fix the syntax error (python -m py_compile shows where)",
            )
            continue
        names = top_level_names(tree)
        if "urlpatterns" in names and _imports(tree, "django"):
            continue  # a Django route file: its urlpatterns
        if names.isdisjoint({*ROUTER_NAMES, f"{file.stem}_router"}):
            flask = _imports(tree, "flask")
            exported = "`router`, `blueprint` or `bp`" if flask else "`router`"
            made = "Blueprint(...)" if flask else "APIRouter()"
            yield ctx.finding(
                "MOD-010",
                view.code,
                file,
                None,
                f"route file exports no {exported} (nor `{file.stem}_router`): mounting "
                f"{view.code!r} fails when it imports this file",
                f"define `router = {made}` at the top level of {file.name} and add the "
                "routes to it",
            )


ROUTER_NAMES = frozenset({"router", "blueprint", "bp"})
"""What a route file may export: FastAPI's ``router`` (``APIRouter``), or a Flask
``Blueprint`` named ``router``, ``blueprint`` or ``bp``."""


def _imports(tree: ast.Module, package: str) -> bool:
    """Whether ``tree`` imports ``package`` (or one of its modules) anywhere."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(name.split(".")[0] == package for name in names):
            return True
    return False


def migration_names(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-014: migration files follow the naming convention (the Wizamart seed's,
    as ``modstack db`` enforces it; Django's ``NNNN_name.py`` in a Django app)."""
    if view.style is Style.DJANGO_APP and view.folder is not None:
        for file in sorted((view.folder / "migrations").glob("*.py")):
            if file.name != "__init__.py" and not DJANGO_MIGRATION.fullmatch(file.name):
                yield ctx.finding(
                    "MOD-014",
                    view.code,
                    file,
                    None,
                    f"Django migration {file.name} does not follow NNNN_<name>.py",
                    "let `manage.py makemigrations` name it, e.g. 0002_add_field.py",
                )
        return
    definition = view.definition
    if definition is None:
        return
    from modstack.migrations.layout import check_layout  # imports alembic: only when needed

    single = Registry(
        {definition.code: definition},
        order=(definition.code,),
        requires={definition.code: ()},
        edges={definition.code: ()},
        dependents={definition.code: ()},
    )
    for error in check_layout(single):
        name = Path(error.file).name if error.file else "?"
        yield ctx.finding(
            "MOD-014",
            view.code,
            error.file or "",
            None,
            f"migration {name} does not follow the naming convention "
            f"(found {error.value!r}); `modstack db upgrade` refuses it",
            error.reason,
        )


def migration_packages(view: ModuleView, ctx: CheckContext) -> Iterator[Finding]:
    """MOD-015: the migrations folder, and each folder above it, is a package."""
    if view.folder is None:
        return
    if view.style is Style.DJANGO_APP:
        folders = [view.folder / "migrations"]
    else:
        versions = view.part("migrations")
        folders = []
        while versions is not None and versions != view.folder and view.folder in versions.parents:
            folders.append(versions)
            versions = versions.parent
    if not folders or not folders[0].is_dir():
        return
    for folder in folders:
        if folder.is_dir() and not (folder / "__init__.py").is_file():
            relative = folder.relative_to(view.folder)
            if needs_init(folder) or folder != folders[0]:
                yield ctx.finding(
                    "MOD-015",
                    view.code,
                    folder,
                    None,
                    f"{relative}/ has no __init__.py; migration discovery needs it",
                    f"add an empty {view.folder.name}/{relative}/__init__.py",
                )


CODE_RULES: dict[str, ModuleRule] = {
    "MOD-002": _real_code("services", "MOD-002"),
    "MOD-003": _real_code("schemas", "MOD-003"),
    "MOD-004": legacy_imports,
    "MOD-010": routers,
    "MOD-014": migration_names,
    "MOD-015": migration_packages,
}
