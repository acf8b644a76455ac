"""The credit reference app (examples/credit), its services on a freshly migrated
database: SQLite, and PostgreSQL from the integration tests' real server."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).parents[2] / "examples/credit"
if str(EXAMPLE) not in sys.path:
    sys.path.insert(0, str(EXAMPLE))  # the app's own package: `credit`

from credit.assembly import CreditServices, build_services  # noqa: E402
from credit.db import Database  # noqa: E402
from credit.seed import registry as credit_registry  # noqa: E402
from modstack.migrations import Migrations  # noqa: E402
from modstack.registry import Registry  # noqa: E402
from tests.integration.conftest import pg_url, postgres  # noqa: E402, F401 - shared servers


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
