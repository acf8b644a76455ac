"""The app's database, as modstack configures it: ``create_engine`` (SQLite with WAL, a
busy timeout and foreign keys; any other database as SQLAlchemy makes it) and
``write_transaction``, which serialises writers on SQLite by taking the write lock when
the transaction begins instead of failing half-way when another writer got there first.

    engine = create_engine("sqlite:///data/app.db")
    with write_transaction(engine) as connection:
        connection.execute(...)
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Connection, Engine, make_url

from modstack.errors import CommitOutcomeUnknownError

WRITE_OPTION = "modstack_write"
"""Execution option: a transaction on a connection carrying it takes SQLite's write lock
at BEGIN (``BEGIN IMMEDIATE``)."""


def create_engine(url: str) -> Engine:
    """An engine configured for modstack: SQLite with WAL, a busy timeout and foreign
    keys; any other database as SQLAlchemy makes it, with connection checks."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True)
    if parsed.database in (None, "", ":memory:"):
        # A database of this engine's own that disappears with it. Not SQLite's :memory:,
        # which is one connection: the app's threads (requests, the outbox, the tenancy
        # reconciler) would interleave their transactions on it.
        folder: str | None = tempfile.mkdtemp(prefix="modstack-memory-")
        database = Path(str(folder)) / "modstack.db"
    else:
        folder = None
        database = Path(parsed.database)
        database.parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(
        parsed.set(database=str(database)),
        connect_args={"timeout": 30, "check_same_thread": False},
    )
    if folder is not None:
        weakref.finalize(engine, shutil.rmtree, folder, True)

    @sa.event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        writing = connection.get_execution_options().get(WRITE_OPTION, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction, committed when the block ends without an
    exception and rolled back otherwise. On SQLite it holds the write lock from the start,
    so concurrent writers queue (up to the busy timeout) rather than fail.

    Raises CommitOutcomeUnknownError when the connection is lost while committing: the
    database may have committed before the answer was lost, so nobody can tell whether
    the change was written. (A failure before the commit was sent leaves nothing written,
    and is raised as it is.)"""
    committing = False
    try:
        with engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection
                committing = True  # the block is done: leaving ``begin()`` commits
    except exc.DBAPIError as error:
        if committing and error.connection_invalidated:
            url = engine.url.render_as_string(hide_password=True)
            raise CommitOutcomeUnknownError(url=url, cause=error.orig or error) from error
        raise
