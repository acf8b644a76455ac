"""``modstack new module``: the files of a new module that ``modstack check`` passes, with
a test file that runs on ``modstack.testing``'s fixtures."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from modstack.definition import ModuleDefinition
from modstack.discovery import scan
from modstack.errors import ModstackError, ScaffoldError
from modstack.graph import check
from modstack.migrations.layout import branch_heads
from modstack.parts import Tier
from modstack.scaffold.files import NewFile

FRONTENDS = ("admin", "vendor", "storefront")
PARTS = ("models", "migrations", "tasks", "config", "pages", "locales", "events")
PAGE_PREFIX = {"admin": "/admin", "vendor": "/vendor", "storefront": "/storefront"}
FRAMEWORKS = ("fastapi", "flask", "django")
"""The adapters a module's routes can be written for."""


@dataclass(frozen=True, slots=True)
class ModuleSpec:
    """What to generate: ``code`` in ``modules`` (a modules folder), the modules it
    requires, the frontends it serves, and its optional parts (``PARTS``)."""

    code: str
    modules: Path
    requires: tuple[str, ...] = ()
    frontends: tuple[str, ...] = ("storefront",)
    parts: frozenset[str] = frozenset()
    tier: str = "optional"
    description: str = ""
    framework: str = "fastapi"
    """Whose routes: ``fastapi`` (``APIRouter``), ``flask`` (``Blueprint``) or ``django``
    (``urlpatterns``)."""

    @property
    def package(self) -> str:
        """The folder and import name: the code with ``-`` written ``_``."""
        return self.code.replace("-", "_")

    @property
    def folder(self) -> Path:
        """Where the module's files go."""
        return self.modules / self.package


def template(name: str) -> Template:
    """One of the scaffold's templates (``templates/<name>.tmpl``)."""
    text = resources.files("modstack.scaffold").joinpath("templates", f"{name}.tmpl")
    return Template(text.read_text(encoding="utf-8"))


def plan_module(spec: ModuleSpec) -> list[NewFile]:
    """Every file of the new module, after checking the spec
    against the tree it joins. Raises ScaffoldError naming every problem."""
    spec = _normalised(spec)
    definition, tree = _check(spec)
    values = _values(spec, definition, tree)
    sql = "models" in spec.parts
    flask = spec.framework == "flask"
    variant = "_django" if spec.framework == "django" else "_flask" if flask else ""
    files: dict[str, str] = {
        "__init__.py": "init.py",
        "definition.py": "definition.py",
        "exceptions.py": "exceptions.py",
        "schemas/__init__.py": "schemas.py",
        "services/__init__.py": "services_sql.py" if sql else "services_memory.py",
        "routes/__init__.py": "",
        "routes/api/__init__.py": "",
    }
    for frontend in spec.frontends:
        files[f"routes/api/{frontend}.py"] = f"api{variant}.py"
    if sql:
        files["models/__init__.py"] = "models.py"
        files["migrations/__init__.py"] = ""
        files["migrations/versions/__init__.py"] = ""
        files[f"migrations/versions/{spec.package}_001_create_{values['table']}.py"] = (
            "migration.py"
        )
    if "tasks" in spec.parts:
        files["tasks/__init__.py"] = "tasks_sql.py" if sql else "tasks_memory.py"
    if "config" in spec.parts:
        files["config.py"] = f"config{variant}.py"
    if "events" in spec.parts:
        files["events.py"] = "events.py"
        files["handlers.py"] = "handlers.py"
    if "pages" in spec.parts:
        files["routes/pages/__init__.py"] = ""
        for frontend in spec.frontends:
            files[f"routes/pages/{frontend}.py"] = f"page{variant}.py"
            files[f"templates/{spec.code}/{frontend}/index.html"] = (
                "page_django.html" if spec.framework == "django" else "page.html"
            )
    if "locales" in spec.parts:
        files["locales/en.json"] = "locale.json"
    planned = [
        NewFile(spec.folder / relative, _render(name, values, relative, spec))
        for relative, name in files.items()
    ]
    planned.append(NewFile(spec.folder / "tests" / f"test_{spec.package}.py", _tests(spec, values)))
    return planned


def _tests(spec: ModuleSpec, values: dict[str, str]) -> str:
    """The module's test file: its API, its first frontend's page (with ``pages``; an
    admin page refused without the admin credential), and the refusal of a tenant without
    it (unless it is core)."""
    pages = "pages" in spec.parts
    test = _render("test.py", values, "", spec)
    if pages:
        test += _render("test_page.py", values, "", spec)
        if spec.frontends[0] == "admin":
            test += _render("test_admin_page_guard.py", values, "", spec)
    if spec.tier != Tier.CORE.value:
        test += _render("test_refusal.py", values, "", spec)
        if pages:
            test += _render("test_page_refusal.py", values, "", spec)
    return test


def _normalised(spec: ModuleSpec) -> ModuleSpec:
    parts = set(spec.parts)
    unknown = sorted(parts - set(PARTS))
    if unknown:
        raise ScaffoldError(
            f"unknown part{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}",
            fix=f"choose from {', '.join(PARTS)}",
        )
    if "models" in parts or "migrations" in parts:
        parts |= {"models", "migrations"}  # a table needs both, or `db check` differs
    parts.add("locales")  # every module has its words (MOD-006)
    if spec.framework not in FRAMEWORKS:
        raise ScaffoldError(
            f"unknown framework {spec.framework!r}", fix=f"choose from {', '.join(FRAMEWORKS)}"
        )
    frontends = tuple(dict.fromkeys(spec.frontends)) or ("storefront",)
    wrong = [f for f in frontends if f not in FRONTENDS]
    if wrong:
        raise ScaffoldError(
            f"unknown frontend {wrong[0]!r}", fix=f"choose from {', '.join(FRONTENDS)}"
        )
    if spec.tier == Tier.INTERNAL.value and frontends != ("admin",):
        raise ScaffoldError(
            "an internal module serves only the admin frontend", fix="use --frontend admin"
        )
    return ModuleSpec(
        code=spec.code,
        modules=spec.modules,
        requires=spec.requires,
        frontends=frontends,
        parts=frozenset(parts),
        tier=spec.tier,
        description=spec.description,
        framework=spec.framework,
    )


def _check(spec: ModuleSpec) -> tuple[ModuleDefinition, tuple[ModuleDefinition, ...]]:
    """The new module's definition, checked with the tree it joins."""
    name = spec.code.replace("-", " ").replace("_", " ").title()
    try:
        definition = ModuleDefinition(
            code=spec.code,
            name=name,
            description=spec.description or f"{name}.",
            tier=spec.tier,
            requires=list(spec.requires),
            source=str(spec.folder / "definition.py"),
        )
    except ModstackError as error:
        raise ScaffoldError(str(error), fix="fix the name or the requirements") from None
    existing: tuple[ModuleDefinition, ...] = ()
    if spec.modules.is_dir():
        found = scan(spec.modules)
        if found.problems:
            listed = "; ".join(str(p) for p in found.problems)
            raise ScaffoldError(
                f"the modules folder {spec.modules} has problems: {listed}",
                fix="run `modstack check` and fix them first",
            )
        existing = found.definitions
    if any(d.code == spec.code for d in existing) or spec.folder.exists():
        raise ScaffoldError(f"module {spec.code!r} exists at {spec.folder}", fix="pick a new code")
    problems = check([*existing, definition])
    if problems:
        raise ScaffoldError("; ".join(str(p) for p in problems), fix="fix --requires")
    return definition, existing


def _values(
    spec: ModuleSpec, definition: ModuleDefinition, tree: Iterable[ModuleDefinition]
) -> dict[str, str]:
    class_name = "".join(word.capitalize() for word in re.split(r"[-_]", spec.code))
    requires = [str(r) for r in definition.requires]
    sql = "models" in spec.parts
    return {
        "code": spec.code,
        "package": spec.package,
        "name": definition.name,
        "class_name": class_name,
        "description": definition.description,
        "tier": spec.tier,
        "requires": python_literal(requires),
        "table": f"{spec.package}_items",
        "env_prefix": spec.package.upper() + "_",
        "frontend": spec.frontends[0],
        # The admin frontend needs the admin credential: the tests send it.
        "admin_fixture": ", modstack_admin_headers" if spec.frontends[0] == "admin" else "",
        "as_admin": ".with_headers(modstack_admin_headers)" if spec.frontends[0] == "admin" else "",
        "depends_on": python_literal(tuple(_heads(tree, definition.requires_codes)) or None),
        "stack_import": "from modstack.fastapi import stack_of\n" if "models" in spec.parts else "",
        "items_import": f"{class_name}Items" if "models" in spec.parts else "ITEMS",
        "items": f"{class_name}Items(stack_of(request).engine)"
        if "models" in spec.parts
        else "ITEMS",
        **_flask_values(class_name, sql=sql, framework=spec.framework),
        **_django_values(class_name, sql=sql),
    }


def _django_values(class_name: str, *, sql: bool) -> dict[str, str]:
    """What the Django templates name: where the items live (the stack's engine, from
    ``modstack.django.current()``, for a table)."""
    return {
        "django_imports": "from modstack.django import current\n" if sql else "",
        "django_items_import": f"{class_name}Items" if sql else f"ITEMS, {class_name}Items",
        "django_items": f"{class_name}Items(current().core.engine)" if sql else "ITEMS",
    }


def _flask_values(class_name: str, *, sql: bool, framework: str) -> dict[str, str]:
    """What the Flask templates name: the imports, and where the items live (the
    stack's engine, kept in ``current_app.extensions["modstack"]``, for a table); and
    the adapter a Flask or Django module's tests name."""
    engine = 'current_app.extensions["modstack"].core.engine'
    return {
        "adapter_fixture": adapter_fixture(framework),
        "flask_imports": "Blueprint, current_app, g, request" if sql else "Blueprint, g, request",
        "flask_imports_page": "Blueprint, current_app, g, render_template"
        if sql
        else "Blueprint, g, render_template",
        "flask_items_import": f"{class_name}Items" if sql else f"ITEMS, {class_name}Items",
        "flask_items": f"{class_name}Items({engine})" if sql else "ITEMS",
    }


ADAPTER_FIXTURE = '''


@pytest.fixture
def modstack_adapter() -> str:
    """The app is served by ``modstack.{framework}``."""
    return "{framework}"'''
"""The fixture a Flask or Django project's tests override (``modstack.testing``)."""


def adapter_fixture(framework: str) -> str:
    """The ``modstack_adapter`` fixture a ``framework`` project's tests override (none
    for FastAPI, the fixtures' default)."""
    return ADAPTER_FIXTURE.format(framework=framework) if framework != "fastapi" else ""


def python_literal(value: str | list[str] | tuple[str, ...] | None) -> str:
    """``value`` as Python source the way ``ruff format`` writes it (double quotes)."""
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(json.dumps, value)) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(map(json.dumps, value)) + ",)"
    return "None"


def _render(name: str, values: dict[str, str], relative: str, spec: ModuleSpec) -> str:
    if not name:
        return ""
    frontend = Path(relative).stem if relative.startswith("routes/") else spec.frontends[0]
    if relative.startswith("templates/"):
        frontend = Path(relative).parent.name
    page_prefix = PAGE_PREFIX.get(frontend, "")
    return template(f"module/{name}").substitute(values, frontend=frontend, page_prefix=page_prefix)


def _heads(tree: Iterable[ModuleDefinition], codes: Iterable[str]) -> list[str]:
    """The newest revision of each required module that has migrations: a new module's
    first revision depends on them, so plain ``alembic upgrade heads`` orders them too."""
    wanted = set(codes)
    heads: list[str] = []
    for definition in tree:
        folder = definition.path_of("migrations")
        if definition.code in wanted and folder is not None:
            heads += branch_heads(folder)
    return heads


__all__ = [
    "ADAPTER_FIXTURE",
    "FRAMEWORKS",
    "FRONTENDS",
    "PARTS",
    "ModuleSpec",
    "adapter_fixture",
    "plan_module",
    "template",
]
