"""modstack's own tables upgrade in place on PostgreSQL (the scenario of
tests/unit/migrations/test_modstack_upgrade.py)."""

from __future__ import annotations

from tests.unit.migrations.test_modstack_upgrade import upgrade_from_004


def test_an_older_database_upgrades_in_place_on_postgres(pg_url: str) -> None:
    upgrade_from_004(pg_url)
