"""``modstack db``: every module's migrations, in dependency order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError

from modstack.cli.database import Missing, choose_database, database_for
from modstack.cli.tenancy import tree_and_store
from modstack.cli.tree import load_tree
from modstack.errors import ModstackError
from modstack.migrations import Migrations


@click.group("db")
def db() -> None:
    """Apply, revert and inspect every module's migrations."""


@contextmanager
def _migrations(
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
    missing: Missing = Missing.REFUSE,
) -> Iterator[Migrations]:
    from modstack.cli import registry_or_exit

    registry = registry_or_exit(load_tree(modules, entry_points=entry_points), as_json)
    chosen = database_for(database, missing)
    migrations = Migrations(registry, chosen.url)
    try:
        yield migrations
    except ModstackError as error:
        raise click.ClickException(f"{error}\n  database: {chosen.shown}") from None
    except (SQLAlchemyError, CommandError) as error:  # a migration that fails as it runs
        raise click.ClickException(
            f"{failed_migration(error, migrations)}\n  database: {chosen.shown}"
        ) from None
    finally:
        migrations.dispose()


def failed_migration(error: BaseException, migrations: Migrations) -> str:
    """What failed, named by the module and the revision file whose code raised it (the
    innermost frame in a module's migrations folder), with the error's first line."""
    folders = {m.folder.resolve(): m.code for m in migrations.modules.values()}
    where = ""
    frame = error.__traceback__
    while frame is not None:
        file = Path(frame.tb_frame.f_code.co_filename).resolve()
        code = next((c for folder, c in folders.items() if file.is_relative_to(folder)), None)
        if code is not None:
            where = f"module {code!r}, {file}:{frame.tb_lineno}: "
        frame = frame.tb_next
    detail = (str(error).strip().splitlines() or [""])[0]
    return f"migration failed: {where}{type(error).__name__}: {detail}"


@db.command("upgrade", short_help="Apply pending migrations, in dependency order.")
@click.argument("code", required=False)
@tree_and_store
def upgrade(
    code: str | None, modules: str | None, entry_points: bool, database: str | None, as_json: bool
) -> None:
    """Apply pending migrations of CODE and what it requires (default: every module)."""
    with _migrations(modules, entry_points, database, as_json, Missing.CREATE) as migrations:
        done = migrations.upgrade(code)
        current = migrations.current()
    if as_json:
        click.echo(json.dumps({"upgraded": done, "current": current}, indent=2))
    else:
        click.echo(f"database {choose_database(database).shown}")
        for each in done:
            click.echo(f"{each}: at {current.get(each) or 'base'}")


@db.command("downgrade", short_help="Revert a module's migrations.")
@click.argument("target")
@tree_and_store
def downgrade(
    target: str, modules: str | None, entry_points: bool, database: str | None, as_json: bool
) -> None:
    """Revert a module: CODE@base drops its tables (refused while modules that require it
    still have theirs), CODE@REVISION goes back to that revision."""
    code, _, revision = target.partition("@")
    with _migrations(modules, entry_points, database, as_json) as migrations:
        migrations.downgrade(code, revision or "base")
        current = migrations.current()
    if as_json:
        click.echo(json.dumps({"module": code, "current": current.get(code)}, indent=2))
    else:
        click.echo(f"{code}: at {current.get(code) or 'base'}")


@db.command("history", short_help="List migrations and whether each is applied.")
@click.argument("code", required=False)
@tree_and_store
def history(
    code: str | None, modules: str | None, entry_points: bool, database: str | None, as_json: bool
) -> None:
    """List migrations (of CODE, or of every module) and whether each is applied."""
    with _migrations(modules, entry_points, database, as_json) as migrations:
        revisions = migrations.history(code)
    if as_json:
        data = [{"module": r.module, "revision": r.revision, "down_revision": r.down_revision,
                 "message": r.message, "applied": r.applied} for r in revisions]  # fmt: skip
        click.echo(json.dumps(data, indent=2))
        return
    for r in revisions:
        click.echo(f"{'✓' if r.applied else ' '} {r.module:<16} {r.revision:<24} {r.message}")


@db.command("check", short_help="Compare the database with the models.")
@tree_and_store
def check(modules: str | None, entry_points: bool, database: str | None, as_json: bool) -> None:
    """Compare the database with the modules' models; exit 1 on any difference."""
    with _migrations(modules, entry_points, database, as_json) as migrations:
        differences = migrations.check()
    if as_json:
        click.echo(json.dumps({"matches": not differences, "differences": differences}, indent=2))
    elif not differences:
        click.echo("✓ the database matches the models")
    else:
        for difference in differences:
            click.echo(f"  ✗ {difference}")
    if differences:
        raise SystemExit(1)


@db.command("revision", short_help="Write the next migration of one module's branch.")
@click.argument("code")
@click.option("-m", "--message", required=True, help="What the revision changes.")
@click.option(
    "--autogenerate",
    is_flag=True,
    help="Fill it with the difference between the module's models and the database "
    "(upgrade the module first).",
)
@tree_and_store
def revision(
    code: str,
    message: str,
    autogenerate: bool,
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
) -> None:
    """Write the next migration of CODE's branch, named CODE_NNN_words.py, depending on
    the newest revision of every module CODE requires."""
    from modstack.scaffold.revision import new_revision

    # Only autogenerating reads the database; otherwise none is opened.
    needs = Missing.REFUSE if autogenerate else Missing.CREATE
    with _migrations(modules, entry_points, database, as_json, needs) as migrations:
        path = new_revision(migrations, code, message, autogenerate=autogenerate)
    if as_json:
        click.echo(json.dumps({"module": code, "file": str(path)}, indent=2))
    else:
        click.echo(f"wrote {path}")


@db.command("init", short_help="Set up plain Alembic over every module's branch.")
@tree_and_store
def init(modules: str | None, entry_points: bool, database: str | None, as_json: bool) -> None:
    """Write alembic.ini and alembic/env.py here, so that plain Alembic (alembic upgrade
    heads) runs every module's branch; run it again after adding a module."""

    from modstack.cli import registry_or_exit
    from modstack.cli.tree import modules_path
    from modstack.scaffold.alembic_setup import init_alembic

    registry = registry_or_exit(load_tree(modules, entry_points=entry_points), as_json)
    folder, _ = modules_path(modules)
    try:
        written = init_alembic(
            Path.cwd(), registry, modules=folder, url=choose_database(database).url
        )
    except ModstackError as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps({"written": [str(p) for p in written]}, indent=2))
    else:
        for path in written:
            click.echo(f"wrote {path}")
