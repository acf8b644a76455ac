"""``modstack new app``: a project that runs at once: the app, a first module, tests."""

from __future__ import annotations

from pathlib import Path

from modstack.errors import ScaffoldError
from modstack.scaffold.files import NewFile
from modstack.scaffold.module import ModuleSpec, plan_module, template

FIRST_MODULE = "notes"
COMING = {"flask": "Flask", "django": "Django"}


def plan_app(root: Path, *, framework: str = "fastapi") -> list[NewFile]:
    """Every file of a new project in ``root``. Raises ScaffoldError when ``root`` exists
    or the framework has no adapter yet."""
    if framework in COMING:
        raise ScaffoldError(
            f"the {COMING[framework]} adapter is not released yet",
            fix="use --framework fastapi today",
        )
    if framework != "fastapi":
        raise ScaffoldError(f"unknown framework {framework!r}", fix="use --framework fastapi")
    if root.exists():
        raise ScaffoldError(f"{root} exists", fix="choose a new folder name")
    name = root.name
    values = {"name": name, "module": FIRST_MODULE}
    files = [
        NewFile(root / "pyproject.toml", template("app/pyproject.toml").substitute(values)),
        NewFile(root / "README.md", template("app/README.md").substitute(values)),
        NewFile(root / ".gitignore", template("app/gitignore").substitute(values)),
        NewFile(root / "app" / "__init__.py", f'"""The {name} app."""\n'),
        NewFile(root / "app" / "main.py", template("app/main.py").substitute(values)),
        NewFile(root / "app" / "modules" / "__init__.py", '"""The app\'s modules."""\n'),
        NewFile(root / "tests" / "test_app.py", template("app/test_app.py").substitute(values)),
    ]
    module = ModuleSpec(
        code=FIRST_MODULE,
        modules=root / "app" / "modules",
        description="Notes each tenant keeps.",
    )
    return files + plan_module(module)
