"""Per-module migrations against a real PostgreSQL server (the same scenario as SQLite:
there a foreign key to a table not yet created would pass unnoticed; here it fails)."""

from __future__ import annotations

from tests.unit.migrations.test_migrations import scenario


def test_migrations_on_postgres(pg_url: str) -> None:
    scenario(pg_url)
