"""Every credit module's Alembic branch, from an empty database, on SQLite and
PostgreSQL: applied in load order, and the database then matches the models."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from modstack.errors import MigrationRefusedError
from modstack.migrations import Migrations
from modstack.registry import Registry

WITH_TABLES = [
    "audit_module",
    "user_management",
    "wallet_module",
    "transactions_module",
    "notification_module",
]


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url


def test_upgrade_from_empty_applies_each_branch_in_load_order_and_matches_the_models(
    registry: Registry, empty_url: str
) -> None:
    migrations = Migrations(registry, empty_url)
    try:
        assert migrations.upgrade() == WITH_TABLES
        assert migrations.current() == {code: f"{code}_001" for code in WITH_TABLES}
        assert migrations.check() == []
        assert migrations.upgrade() == WITH_TABLES  # a second run changes nothing
        assert migrations.check() == []
    finally:
        migrations.dispose()


def test_a_module_others_stand_on_cannot_be_dropped_first(
    registry: Registry, empty_url: str
) -> None:
    migrations = Migrations(registry, empty_url)
    try:
        migrations.upgrade()
        with pytest.raises(MigrationRefusedError, match="transactions_module"):
            migrations.downgrade("wallet_module")
        for code in reversed(WITH_TABLES):
            migrations.downgrade(code)
        tables = set(sa.inspect(migrations.engine).get_table_names())
        assert not {t for t in tables if t.startswith("credit_")}
    finally:
        migrations.dispose()
