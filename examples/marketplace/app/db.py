"""The marketplace's database: one declarative base for every module's models, and the
sessions routes, services, event handlers and tasks work in.

The engine is the app's own (``use()`` at startup), or made from ``MODSTACK_DATABASE_URL``
in a process without the app (a task worker, the seeding command).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import MetaData
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session

from modstack.database import create_engine, write_transaction
from modstack.settings import ModstackSettings

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Every module's models derive from this (one metadata, so foreign keys resolve)."""

    metadata = MetaData(naming_convention=NAMING)


_engine: Engine | None = None


def use(engine: Engine) -> None:
    """Work on ``engine`` from now on (the app passes its own at startup)."""
    global _engine
    _engine = engine


def engine() -> Engine:
    """The engine in use, made from the settings on first use when none was given."""
    global _engine
    if _engine is None:
        _engine = create_engine(ModstackSettings().database_url)
    return _engine


@contextmanager
def write() -> Iterator[Session]:
    """A session in one write transaction: committed when the block ends, rolled back
    when it raises. On SQLite it holds the write lock from the start."""
    with write_transaction(engine()) as connection:
        session = Session(bind=connection, expire_on_commit=False)
        try:
            yield session
            session.flush()
        finally:
            session.close()


@contextmanager
def read() -> Iterator[Session]:
    """A session for reading."""
    with Session(engine(), expire_on_commit=False) as session:
        yield session


def money(cents: int, currency: str = "EUR") -> str:
    """``1999, "EUR"`` -> ``"19.99 EUR"``."""
    return f"{cents / 100:.2f} {currency}"
