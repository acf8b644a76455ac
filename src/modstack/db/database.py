"""``Database``: modstack's own database (``MODSTACK_DATABASE_URL``), shared by tenancy,
stored settings, the outbox and migrations. Every user reads and writes through its
guard, so a lost connection is a ``StoreUnavailableError`` naming the database wherever
it happens."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine, make_url

from modstack.db.engine import WRITE_OPTION, create_engine, write_transaction
from modstack.errors import StoreUnavailableError

_MIGRATION_LOCK = 7_270_736_900  # pg_advisory_lock key for "modstack migrations"


class Database:
    """One engine over modstack's database, with the guard every query goes through."""

    def __init__(self, url: str, *, engine: Engine | None = None) -> None:
        self.engine = engine or create_engine(url)
        self.url = make_url(url).render_as_string(hide_password=True)
        """The URL with its password hidden (for messages)."""
        self.is_postgres = self.engine.dialect.name == "postgresql"

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Turn a lost or refused connection into StoreUnavailableError (a lock timeout
        stays what it is: the database is there, only busy)."""
        try:
            yield
        except exc.DBAPIError as error:
            if is_connection_lost(error):
                raise StoreUnavailableError(url=self.url, cause=error.orig or error) from error
            raise

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A guarded connection for reads."""
        with self.guard(), self.engine.connect() as connection:
            yield connection

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A guarded write transaction (SQLite: the write lock from the start). Raises
        StoreUnavailableError, or CommitOutcomeUnknownError when the connection was lost
        while committing."""
        with self.guard(), write_transaction(self.engine) as connection:
            yield connection

    def migrate(self) -> None:
        """Bring modstack's tables to the newest revision (Alembic branch ``modstack``);
        safe to call from many processes at once."""
        config = Config()
        config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
        config.set_main_option("path_separator", "os")
        with self.guard(), self.engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            if self.is_postgres:
                connection.execute(sa.select(sa.func.pg_advisory_lock(_MIGRATION_LOCK)))
                connection.commit()
            try:
                config.attributes["connection"] = connection
                command.upgrade(config, "modstack@head")
                connection.commit()
            finally:
                if self.is_postgres:
                    connection.execute(sa.select(sa.func.pg_advisory_unlock(_MIGRATION_LOCK)))
                    connection.commit()

    def dispose(self) -> None:
        """Close every pooled connection (also: after a fork, drop the parent's)."""
        self.engine.dispose()


def is_connection_lost(error: BaseException) -> bool:
    """True when ``error`` says the database cannot be reached, rather than that a
    statement was wrong (a syntax error, a constraint) or the database is only busy (a
    lock timeout): a disconnect SQLAlchemy detected, or a failure to connect."""
    if not isinstance(error, exc.OperationalError | exc.InterfaceError | exc.DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, exc.OperationalError | exc.InterfaceError):
        return False
    # No statement: it came from opening the connection, not from running SQL.
    return error.statement is None and not _is_lock_error(error)


def _is_lock_error(error: exc.DBAPIError) -> bool:
    return "locked" in str(error.orig).lower() and "database" in str(error.orig).lower()
