"""Events in the app's own transaction, with Flask-SQLAlchemy: a view writes a model row
and records an event on ``db.session``'s connection; the commit keeps both, a rollback
(or an error before the commit) loses both, and the stack's outbox delivers each
committed event exactly once — on SQLite and on PostgreSQL."""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from modstack.events import record_event
from modstack.flask import Modstack, require_module_access
from tests.adapters.flask.conftest import ASSETS, settings_for
from tests.integration.conftest import pg_url, postgres  # noqa: F401 - shared servers

TREE = ASSETS / "flask-sqlalchemy/modules"
ACME = {"X-Tenant": "acme"}


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Note(db.Model):  # type: ignore[name-defined, misc]
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str]


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'notes.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


def _journal(app: Flask) -> Any:
    """The journal module's events module (``NoteWritten``, ``delivered``)."""
    package = app.extensions["modstack"].core.registry.get("journal").package
    return importlib.import_module(package + ".events")


@contextmanager
def notes_app(tmp_path: Path, database_url: str) -> Iterator[Flask]:
    """An app with its own Flask-SQLAlchemy models and modstack on the same database;
    ``POST /notes`` writes a note and records ``NoteWritten`` in one transaction."""
    app = Flask("notes")
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url
    db.init_app(app)
    settings = settings_for(
        tmp_path, modules=str(TREE), database_url=database_url, outbox_interval=0.1
    )
    stack = Modstack(app, settings=settings)
    journal = _journal(app)

    @app.post("/notes")
    @require_module_access("journal")
    def write() -> tuple[dict[str, str], int]:
        text = request.get_json()["text"]
        db.session.add(Note(text=text))
        record_event(db.session.connection(), journal.NoteWritten(tenant=g.tenant, text=text))
        if text == "undo":
            db.session.rollback()
            return {"rolled back": text}, 409
        if text == "crash":
            raise RuntimeError("the view fails before its commit")
        db.session.commit()
        return {"written": text}, 201

    with app.app_context():
        db.create_all()
    stack.start()
    try:
        stack.core.tenancy.create_tenant("acme", modules=["journal"])
        journal.delivered.clear()
        yield app
    finally:
        stack.stop()
        with app.app_context():
            db.drop_all()
            db.engine.dispose()


def _notes(app: Flask) -> list[str]:
    with app.app_context():
        return [note.text for note in db.session.scalars(db.select(Note).order_by(Note.id))]


def test_the_row_and_its_event_commit_together_and_roll_back_together(
    tmp_path: Path, database_url: str
) -> None:
    with notes_app(tmp_path, database_url) as app:
        client = app.test_client()
        outbox = app.extensions["modstack"].core.outbox
        assert client.post("/notes", json={"text": "hello"}, headers=ACME).status_code == 201
        assert client.post("/notes", json={"text": "undo"}, headers=ACME).status_code == 409
        assert client.post("/notes", json={"text": "crash"}, headers=ACME).status_code == 500
        assert client.post("/notes", json={"text": "x"}).status_code == 400  # no tenant
        assert _notes(app) == ["hello"]
        [entry] = outbox.entries()
        assert (entry.tenant, entry.event_type.rsplit(":", 1)[1]) == ("acme", "NoteWritten")


def test_the_outbox_delivers_a_committed_event_exactly_once(
    tmp_path: Path, database_url: str
) -> None:
    with notes_app(tmp_path, database_url) as app:
        client = app.test_client()
        outbox = app.extensions["modstack"].core.outbox
        delivered = _journal(app).delivered
        assert client.post("/notes", json={"text": "hello"}, headers=ACME).status_code == 201
        deadline = time.monotonic() + 30
        while not delivered:  # the stack delivers by itself, every outbox_interval
            assert time.monotonic() < deadline, "the outbox never delivered the event"
            time.sleep(0.05)
        for _ in range(3):  # more rounds deliver nothing again
            assert outbox.deliver().delivered == ()
        [entry] = outbox.entries()
        assert delivered == [(entry.id, "acme", "hello")]
        assert (entry.status, entry.attempts) == ("delivered", 1)
