"""Per-module migrations on a real SQLite file (the PostgreSQL run is in
tests/integration/test_migrations_postgres.py, over the same scenario)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

import modstack
from modstack.errors import MigrationRefusedError, ModuleTreeError
from modstack.migrations import Migrations, check_layout
from modstack.registry import Registry

ASSETS = Path(__file__).parents[2] / "assets"


def registry_of(tree: str) -> Registry:
    return modstack.resolve(modstack.discover(ASSETS / tree / "modules"))


def tables(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names())
    finally:
        engine.dispose()


def scenario(url: str) -> None:
    """Everything the migrations promise, against the database at ``url``."""
    migrations = Migrations(registry_of("migrations-app"), url)
    created: list[str] = []

    @sa.event.listens_for(migrations.engine, "before_cursor_execute")
    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        if statement.lstrip().upper().startswith("CREATE TABLE"):
            created.append(statement.split("(")[0].split()[-1].strip('"'))

    assert "add_table: payments" in migrations.check()  # models ahead of an empty database
    assert migrations.upgrade() == ["payments", "billing"]
    assert created.index("payments") < created.index("invoices")  # dependency order
    assert {"payments", "invoices", "modstack_tenants", "alembic_version"} <= tables(url)
    assert migrations.current() == {"payments": "payments_001", "billing": "billing_002"}
    assert migrations.check() == []
    history = [
        (r.module, r.revision, r.down_revision, r.applied) for r in migrations.history("billing")
    ]
    assert history == [
        ("billing", "billing_001", None, True),
        ("billing", "billing_002", "billing_001", True),
    ]
    assert [r.message for r in migrations.history("payments")] == ["Create the payments table."]

    refused = "refusing to downgrade 'payments': modules that require it still have tables: billing"
    with pytest.raises(MigrationRefusedError, match=refused):
        migrations.downgrade("payments")
    assert "payments" in tables(url)
    migrations.downgrade("billing", "billing_001")
    assert migrations.current()["billing"] == "billing_001"
    migrations.downgrade("billing")
    assert "invoices" not in tables(url)
    migrations.downgrade("payments")
    assert migrations.current() == {"payments": None, "billing": None}
    assert migrations.upgrade("billing") == ["payments", "billing"]  # what it requires, first
    assert migrations.current() == {"payments": "payments_001", "billing": "billing_002"}
    migrations.dispose()


def test_migrations_on_sqlite(tmp_path: Path) -> None:
    scenario(f"sqlite:///{tmp_path / 'modstack.db'}")


def test_the_naming_rule_names_each_file() -> None:
    problems = [str(p) for p in check_layout(registry_of("migrations-bad"))]
    file = ASSETS / "migrations-bad/modules/shipping/migrations/versions/ship_1.py"
    field = "module 'shipping': field 'migrations'"
    assert problems == [
        f"{field} = 'ship_1.py': name it shipping_<NNN>_<description>.py, "
        f"e.g. shipping_001_create_tables.py (in {file})",
        f"{field} = 'x1': the revision id must start with 'shipping_' (in {file})",
        f"{field} = 'ship_1.py': the first revision needs branch_labels = ('shipping',) "
        f"(in {file})",
    ]
    with pytest.raises(ModuleTreeError, match="3 problems"):
        Migrations(registry_of("migrations-bad"), "sqlite://").upgrade()
