"""``modstack new app``: a project that runs at once: the app, a first module, tests."""

from __future__ import annotations

from pathlib import Path

from modstack.errors import ScaffoldError
from modstack.scaffold.files import NewFile
from modstack.scaffold.module import (
    ADAPTER_FIXTURE,
    FRAMEWORKS,
    ModuleSpec,
    plan_module,
    template,
)

FIRST_MODULE = "notes"
COMING = {"django": "Django"}


def plan_app(root: Path, *, framework: str = "fastapi") -> list[NewFile]:
    """Every file of a new project in ``root``. Raises ScaffoldError when ``root`` exists
    or the framework has no adapter yet."""
    if framework in COMING:
        raise ScaffoldError(
            f"no {COMING[framework]} project template yet",
            fix="add modstack to a Django project (docs/django.md), or use --framework flask",
        )
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
        "adapter_fixture": ADAPTER_FIXTURE if flask else "",
    }
    variant = "_flask" if flask else ""
    files = [
        NewFile(
            root / "pyproject.toml", template(f"app/pyproject{variant}.toml").substitute(values)
        ),
        NewFile(root / "README.md", template(f"app/README{variant}.md").substitute(values)),
        NewFile(root / ".gitignore", template("app/gitignore").substitute(values)),
        NewFile(root / "app" / "__init__.py", f'"""The {name} app."""\n'),
        NewFile(root / "app" / "main.py", template(f"app/main{variant}.py").substitute(values)),
        NewFile(root / "app" / "modules" / "__init__.py", '"""The app\'s modules."""\n'),
        NewFile(root / "tests" / "test_app.py", template("app/test_app.py").substitute(values)),
    ]
    module = ModuleSpec(
        code=FIRST_MODULE,
        modules=root / "app" / "modules",
        description="Notes each tenant keeps.",
        framework=framework,
    )
    return files + plan_module(module)
