"""Which database a command works on, and what it says when that database is missing.

Commands that only read state never create a SQLite file: run in the wrong folder, they
would otherwise make an empty ``modstack.db`` there and then report "no tenant" about it.
Only the commands that create state (``modstack tenants create``, ``modstack db upgrade``,
``modstack config import``) make a new database, and they say where.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from modstack.tenancy import DEFAULT_DATABASE_URL

THROWAWAY_URL = "sqlite://"
"""An empty database of the command's own, gone when it ends (see ``create_engine``)."""


class Missing(Enum):
    """What a command does when its SQLite file does not exist."""

    REFUSE = "refuse"  # reads state: say which database it looked in, exit 1
    CREATE = "create"  # creates state: make the file
    EMPTY = "empty"  # can answer without stored state: use a throw-away database, say so


@dataclass(frozen=True)
class ChosenDatabase:
    """A database URL and where the choice came from."""

    url: str
    origin: str

    @property
    def shown(self) -> str:
        """The URL as a message shows it: password hidden, a SQLite file's path absolute."""
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            return self.url
        file = self.file
        if file is not None:
            return f"sqlite:///{file}"
        return parsed.render_as_string(hide_password=True)

    @property
    def file(self) -> Path | None:
        """The SQLite file this URL names (absolute), or None (another database, or a
        SQLite database in memory)."""
        try:
            parsed = make_url(self.url)
        except ArgumentError:
            return None
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return None
        return Path(str(parsed.database)).resolve()

    def missing_message(self) -> str:
        """Why a command that reads state stops: which file it looked for, and how to
        choose another database."""
        here = Path.cwd()
        found = sorted({*here.glob("*.db"), *here.glob("data/*.db")})[:3]
        examples = [f"  --database sqlite:///{f.relative_to(here)}   (found here)" for f in found]
        return (
            f"no database at {self.file} ({self.origin}).\n"
            "Choose the app's database with --database URL or MODSTACK_DATABASE_URL (the\n"
            "option goes after the command's name: `modstack tenants list --database URL`), e.g.\n"
            + "".join(line + "\n" for line in examples)
            + "  --database sqlite:///path/to/app.db\n"
            "  --database postgresql+psycopg://user@host/app\n"
            "`modstack tenants create NAME` or `modstack db upgrade` creates a new one."
        )


def choose_database(explicit: str | None) -> ChosenDatabase:
    """``--database``, else ``MODSTACK_DATABASE_URL``, else ``sqlite:///modstack.db`` in
    the current folder; with the reason for the choice."""
    if explicit:
        return ChosenDatabase(explicit, "from --database")
    from_env = os.environ.get("MODSTACK_DATABASE_URL")
    if from_env:
        return ChosenDatabase(from_env, "from MODSTACK_DATABASE_URL")
    return ChosenDatabase(
        DEFAULT_DATABASE_URL,
        f"the default, {DEFAULT_DATABASE_URL} in the current folder; "
        "no --database given and MODSTACK_DATABASE_URL is not set",
    )


def checked_url(chosen: ChosenDatabase) -> ChosenDatabase:
    """``chosen`` when its URL names a database SQLAlchemy can open. Raises
    ClickException saying what a URL looks like (a path is not one; ``postgres://`` is
    written ``postgresql+psycopg://``)."""
    try:
        make_url(chosen.url).get_dialect()
    except (ArgumentError, NoSuchModuleError, ValueError) as error:
        raise click.ClickException(
            f"not a database URL: {chosen.url!r} ({chosen.origin}): {error}.\n"
            "Write a SQLite file as sqlite:///path/to/file.db and PostgreSQL as "
            "postgresql+psycopg://user@host/database"
        ) from None
    return chosen


def database_for(explicit: str | None, missing: Missing) -> ChosenDatabase:
    """The database a command opens. A SQLite file that does not exist stops a command
    that reads state (``Missing.REFUSE``, exit 1 with :meth:`missing_message`) and is
    replaced by a throw-away one for ``Missing.EMPTY`` (with a note on stderr)."""
    chosen = checked_url(choose_database(explicit))
    file = chosen.file
    if file is None or file.exists() or missing is Missing.CREATE:
        return chosen
    if missing is Missing.REFUSE:
        raise click.ClickException(chosen.missing_message())
    click.echo(
        f"note: no database at {file} ({chosen.origin}); nothing stored is taken into account",
        err=True,
    )
    return ChosenDatabase(THROWAWAY_URL, chosen.origin)
