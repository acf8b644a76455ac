"""The credit reference app (examples/credit), its services on a freshly migrated
database: SQLite, and PostgreSQL from the integration tests' real server."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

EXAMPLE = Path(__file__).parents[2] / "examples/credit"
if str(EXAMPLE) not in sys.path:
    sys.path.insert(0, str(EXAMPLE))  # the app's own package: `credit`

from credit.assembly import CreditServices, build_services  # noqa: E402
from credit.db import Database  # noqa: E402
from credit.seed import registry as credit_registry  # noqa: E402
from modstack.migrations import Migrations  # noqa: E402
from modstack.registry import Registry  # noqa: E402
from tests.integration.conftest import pg_url, postgres  # noqa: E402, F401 - shared servers
from tests.integration.servers import free_port  # noqa: E402


@pytest.fixture(scope="session")
def registry() -> Registry:
    return credit_registry()


def migrate(registry: Registry, url: str) -> None:
    migrations = Migrations(registry, url)
    try:
        migrations.upgrade()
    finally:
        migrations.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'credit.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, registry: Registry) -> str:
    """An empty database of each kind, migrated."""
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    migrate(registry, url)
    return url


@pytest.fixture
def credit(database_url: str) -> Iterator[CreditServices]:
    database = Database.from_url(database_url)
    yield build_services(database)
    database.dispose()


class Inbox:
    """An aiosmtpd handler keeping every message it receives."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    received = Inbox(free_port())
    controller = Controller(received, hostname="127.0.0.1", port=received.port)
    controller.start()
    monkeypatch.setenv("CREDIT_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("CREDIT_SMTP_PORT", str(received.port))
    yield received
    controller.stop()
