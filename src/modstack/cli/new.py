"""``modstack new``: start a module (or an app) that runs and passes its own tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from modstack.cli.tree import configured_framework, modules_path
from modstack.errors import ScaffoldError
from modstack.scaffold import FRONTENDS, PARTS, ModuleSpec, NewFile, plan_module, write_files
from modstack.scaffold.module import FRAMEWORKS


@click.group("new", short_help="Start a new module or app (never overwrites a file).")
def new() -> None:
    """Start a new module or app from modstack's templates (never overwrites a file)."""


@new.command("module", short_help="Write a new module with its tests.")
@click.argument("code")
@click.option(
    "--modules",
    "modules",
    metavar="PATH",
    help="The modules folder (default: as for every command: $MODSTACK_MODULES, "
    "[tool.modstack] modules, app/modules).",
)
@click.option(
    "--requires",
    multiple=True,
    metavar="CODE[RANGE]",
    help="A module it requires (payments, 'payments>=1.2'); repeat for more.",
)
@click.option(
    "--frontend",
    "frontends",
    multiple=True,
    type=click.Choice(FRONTENDS),
    help="A frontend it serves (API, and pages with --with pages); repeat for "
    "more. Default: storefront.",
)
@click.option(
    "--with",
    "parts",
    metavar="PARTS",
    default="",
    help=f"Comma-separated optional parts: {','.join(PARTS)}.",
)
@click.option(
    "--tier",
    type=click.Choice(["core", "optional", "internal"]),
    default="optional",
    show_default=True,
)
@click.option("--description", default="", help="One sentence: what the module does.")
@click.option(
    "--framework",
    type=click.Choice(FRAMEWORKS),
    default=None,
    help="Whose routes to write (FastAPI routers, Flask blueprints or Django urlpatterns). "
    "Default: "
    "[tool.modstack] framework in pyproject.toml (written by `modstack new app`), else fastapi.",
)
@click.option("--dry-run", is_flag=True, help="List the files without writing them.")
def new_module(
    code: str,
    modules: str | None,
    requires: tuple[str, ...],
    frontends: tuple[str, ...],
    parts: str,
    tier: str,
    description: str,
    framework: str | None,
    dry_run: bool,
) -> None:
    """Write module CODE: definition, exceptions, services, schemas, API routes per
    frontend, the parts asked for, and tests/test_CODE.py. The code and the requirements
    are checked against the modules already there first."""
    folder, origin = modules_path(modules)
    if not folder.is_dir() and origin != "--modules":
        raise click.ClickException(
            f"no modules folder at {folder} ({origin}); run this in your project, or name "
            "the folder to create the module in with --modules PATH"
        )
    spec = ModuleSpec(
        code=code,
        modules=folder,
        requires=requires,
        frontends=frontends or ("storefront",),
        parts=frozenset(p.strip() for p in parts.split(",") if p.strip()),
        tier=tier,
        description=description,
        framework=framework or _project_framework(folder),
    )
    _write(lambda: plan_module(spec), dry_run)
    if not dry_run:
        click.echo(
            (
                "next: create its tables (modstack db upgrade), "
                if "models" in spec.parts
                else "next: "
            )
            + f"enable it for a tenant (modstack enable {code} --tenant NAME), run its "
            f"tests (pytest {spec.folder / 'tests'}), and check it (modstack check)"
        )


@new.command("app", short_help="Start a project that runs at once.")
@click.argument("name")
@click.option(
    "--framework",
    type=click.Choice(["fastapi", "flask", "django"]),
    default="fastapi",
    show_default=True,
)
@click.option("--dry-run", is_flag=True, help="List the files without writing them.")
def new_app(name: str, framework: str, dry_run: bool) -> None:
    """Start a project NAME/ that runs at once: an app, a first module, its tests."""
    from modstack.scaffold.app import plan_app

    _write(lambda: plan_app(Path(name), framework=framework), dry_run)
    if not dry_run:
        serve = {"flask": "flask --app app.main run", "django": "python manage.py runserver"}.get(
            framework, "uvicorn app.main:app"
        )
        click.echo(f"next: cd {name} && pip install -e '.[dev]' && pytest && {serve}")


def _project_framework(modules: Path) -> str:
    """``[tool.modstack] framework`` of the project the modules folder is in (else of
    the current folder's project), else fastapi."""
    start = modules if modules.is_dir() else Path.cwd()
    found = configured_framework(start=start)
    return found if found in FRAMEWORKS else "fastapi"


def _write(plan: Callable[[], list[NewFile]], dry_run: bool) -> None:
    try:
        files = plan()
        written = write_files(files, dry_run=dry_run)
    except ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    verb = "would write" if dry_run else "wrote"
    click.echo(f"{verb} {len(written)} files:")
    for path in written:
        click.echo(f"  {path}")
