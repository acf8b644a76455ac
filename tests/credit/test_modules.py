"""The credit modules keep the seed's contract: ``initialize`` answers False when a module
it needs, or the database, is missing; ``health_check`` reports in the seed's shape."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from credit.db import Database
from modstack.registry import Registry
from tests.credit.conftest import migrate
from tests.credit.host import AppManager, DatabaseManager, ModuleManager, host


def test_every_module_starts_and_reports_healthy(registry: Registry, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'credit.db'}"
    migrate(registry, url)
    database = Database.from_url(url)
    try:
        manager = host(registry, database.engine)
        reports = {code: m.health_check() for code, m in manager.module_manager.modules.items()}
    finally:
        database.dispose()
    assert set(reports) == set(registry.order)
    assert {r["status"] for r in reports.values()} == {"healthy"}
    wallet = reports["wallet_module"]
    assert wallet["dependencies"] == {"connection_api": True, "user_management": True}
    assert wallet["database_connection"] is True
    assert {"last_check", "uptime", "module"} <= set(wallet)


def test_a_module_whose_dependency_is_missing_does_not_start(registry: Registry) -> None:
    from flask import Flask

    engine = sa.create_engine("sqlite://")
    manager = AppManager(Flask("credit"), DatabaseManager(engine), ModuleManager())
    wallet = registry.get("wallet_module").implementation
    assert wallet is not None
    assert wallet().initialize(manager) is False
    engine.dispose()


def test_connection_api_does_not_start_without_a_database(registry: Registry) -> None:
    from flask import Flask

    unreachable = sa.create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")
    manager = AppManager(Flask("credit"), DatabaseManager(unreachable), ModuleManager())
    connection_api = registry.get("connection_api").implementation
    assert connection_api is not None
    assert connection_api().initialize(manager) is False
    assert connection_api().initialize(None) is False
    unreachable.dispose()
