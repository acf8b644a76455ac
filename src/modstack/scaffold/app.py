"""``modstack new app``: a project that runs at once: the app (FastAPI, Flask, or a Django
project), a first module, tests."""

from __future__ import annotations

from pathlib import Path

from modstack.errors import ScaffoldError
from modstack.scaffold.files import NewFile
from modstack.scaffold.module import (
    FRAMEWORKS,
    ModuleSpec,
    adapter_fixture,
    plan_module,
    template,
)

FIRST_MODULE = "notes"
DJANGO_PROJECT = {
    "manage.py": "manage",
    "app/settings.py": "settings",
    "app/urls.py": "urls",
    "app/wsgi.py": "wsgi",
    "app/asgi.py": "asgi",
    "conftest.py": "conftest",
    "tests/test_app.py": "test_app",
}
"""A Django project's own files (``templates/app/<name>_django.py.tmpl``)."""


def plan_app(root: Path, *, framework: str = "fastapi") -> list[NewFile]:
    """Every file of a new project in ``root``. Raises ScaffoldError when ``root`` exists
    or the framework is unknown."""
    if framework not in FRAMEWORKS:
        raise ScaffoldError(
            f"unknown framework {framework!r}", fix=f"choose from {', '.join(FRAMEWORKS)}"
        )
    if root.exists():
        raise ScaffoldError(f"{root} exists", fix="choose a new folder name")
    name = root.name
    flask = framework == "flask"
    values = {
        "name": name,
        "module": FIRST_MODULE,
        "adapter_fixture": adapter_fixture("flask") if flask else "",
    }
    variant = {"flask": "_flask", "django": "_django"}.get(framework, "")
    files = [
        NewFile(
            root / "pyproject.toml", template(f"app/pyproject{variant}.toml").substitute(values)
        ),
        NewFile(root / "README.md", template(f"app/README{variant}.md").substitute(values)),
        NewFile(root / ".gitignore", template("app/gitignore").substitute(values)),
        NewFile(root / "app" / "__init__.py", f'"""The {name} app."""\n'),
        NewFile(root / "app" / "modules" / "__init__.py", '"""The app\'s modules."""\n'),
    ]
    if framework == "django":
        files += [
            NewFile(root / path, template(f"app/{stem}_django.py").substitute(values))
            for path, stem in DJANGO_PROJECT.items()
        ]
    else:
        files += [
            NewFile(root / "app" / "main.py", template(f"app/main{variant}.py").substitute(values)),
            NewFile(root / "tests" / "test_app.py", template("app/test_app.py").substitute(values)),
        ]
    module = ModuleSpec(
        code=FIRST_MODULE,
        modules=root / "app" / "modules",
        description="Notes each tenant keeps.",
        framework=framework,
    )
    return files + plan_module(module)
