"""The credit system's database: one declarative base for every module's models, the
sessions services work in, and the change hook the audit trail listens on.

Services take a :class:`Database`. The app makes one over its engine when
``connection_api`` starts (``use()``); a process without the app (the seeding command, an
outbox worker) makes one from ``MODSTACK_DATABASE_URL`` on first use of ``current()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

from modstack.database import create_engine, write_transaction
from modstack.settings import ModstackSettings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every module's models derive from this (one metadata, so foreign keys resolve)."""

    metadata = MetaData(naming_convention=NAMING)


@dataclass(frozen=True, slots=True)
class Change:
    """Something a user or a money movement changed, announced inside its transaction."""

    tenant: str
    action: str
    """What happened: ``user.created``, ``money.transfer`` ..."""
    subject: str
    """What it happened to: ``user:3``, ``transaction:17``."""
    actor: str
    details: dict[str, Any] = field(default_factory=dict)


ChangeListener = Callable[[Session, Change], None]


class Database:
    """An engine, the sessions made on it, and the listeners told of every change."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._listeners: list[ChangeListener] = []

    @classmethod
    def from_url(cls, url: str) -> Database:
        """A database over a new engine for ``url`` (SQLite or PostgreSQL)."""
        return cls(create_engine(url))

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction: committed when the block ends, rolled
        back when it raises. On SQLite it holds the write lock from the start."""
        with write_transaction(self.engine) as connection:
            session = Session(bind=connection, expire_on_commit=False)
            try:
                yield session
                session.flush()
            finally:
                session.close()

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading."""
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    def on_change(self, listener: ChangeListener) -> None:
        """Call ``listener(session, change)`` for every change, inside its transaction."""
        if listener not in self._listeners:
            self._listeners.append(listener)

    def changed(self, session: Session, change: Change) -> None:
        """Announce ``change`` to the listeners, in the caller's transaction: what they
        write commits or rolls back with it."""
        for listener in self._listeners:
            listener(session, change)

    def is_connected(self) -> bool:
        """Whether the database answers a trivial query."""
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError:
            return False
        return True

    def dispose(self) -> None:
        """Close pooled connections."""
        self.engine.dispose()


_current: Database | None = None


def use(database: Database) -> None:
    """Make ``database`` the one event handlers and commands work on."""
    global _current
    _current = database


def current() -> Database:
    """The database in use, made from ``MODSTACK_DATABASE_URL`` when none was given."""
    global _current
    if _current is None:
        _current = Database.from_url(ModstackSettings().database_url)
    return _current


def money(cents: int, currency: str = "EUR") -> str:
    """``1999, "EUR"`` -> ``"19.99 EUR"``."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d} {currency}"
