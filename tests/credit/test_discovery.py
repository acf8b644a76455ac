"""The credit app's modules are found by scanning a package, as the seed's registry scans
``core/modules/``; so are the seed's own four modules, as the seed wrote them."""

from __future__ import annotations

import sys
from pathlib import Path

import sqlalchemy as sa

import modstack
from modstack.migrations.layout import check_layout
from modstack.registry import Registry

SEED_TREE = Path(__file__).parents[1] / "assets/flask-seed"
SEED_ORDER = ["connection_api", "user_management", "wallet_module", "transactions_module"]


def test_scanning_the_package_finds_the_eight_modules_in_dependency_order(
    registry: Registry,
) -> None:
    assert registry.order == (
        "connection_api",
        "audit_module",
        "user_management",
        "wallet_module",
        "integration_module",
        "transactions_module",
        "notification_module",
        "reporting_module",
    )
    assert [c for c in registry.order if c in SEED_ORDER] == SEED_ORDER
    wallet = registry.get("wallet_module")
    assert wallet.requires_codes == ("connection_api", "user_management")
    assert wallet.package == "credit.core.modules.wallet_module"
    assert wallet.implementation is not None
    assert wallet.implementation.__name__ == "WalletModule"


def test_the_core_is_always_on_and_the_planned_modules_are_optional(registry: Registry) -> None:
    optional = {d.code for d in registry if d.is_optional}
    assert optional == {"notification_module", "reporting_module", "integration_module"}


def test_every_module_with_tables_follows_the_migration_naming_rule(registry: Registry) -> None:
    assert check_layout(registry) == []
    with_migrations = {d.code for d in registry if (d.path_of("migrations") or Path()).is_dir()}
    assert with_migrations == {
        "user_management",
        "wallet_module",
        "transactions_module",
        "audit_module",
        "notification_module",
    }


def test_the_seeds_own_modules_are_found_and_ordered_as_the_seed_says() -> None:
    sys.path.insert(0, str(SEED_TREE))
    try:
        found = modstack.scan(packages=["core.modules"])
    finally:
        sys.path.remove(str(SEED_TREE))
    assert found.problems == ()
    registry = modstack.resolve(found.definitions)
    assert list(registry.order) == SEED_ORDER
    classes = {d.code: d.implementation.__name__ for d in registry if d.implementation}
    assert classes == {
        "connection_api": "ConnectionAPIModule",
        "user_management": "UserManagementModule",
        "wallet_module": "WalletModule",
        "transactions_module": "TransactionModule",
    }


def test_the_seeds_own_modules_initialise_as_written() -> None:
    from flask import Flask

    from tests.credit.host import AppManager, DatabaseManager, ModuleManager

    sys.path.insert(0, str(SEED_TREE))
    try:
        registry = modstack.resolve(modstack.scan(packages=["core.modules"]).definitions)
    finally:
        sys.path.remove(str(SEED_TREE))
    engine = sa.create_engine("sqlite://")
    app = Flask("seed")
    manager = AppManager(app, DatabaseManager(engine), ModuleManager())
    try:
        for code in registry.order:
            definition = registry.get(code)
            assert definition.implementation is not None
            module = definition.implementation()
            assert module.initialize(manager) is True, code
            manager.module_manager.modules[code] = module
    finally:
        engine.dispose()
    client = app.test_client()
    assert client.get("/api/ping").json == {"pong": True}
    assert client.post("/wallet/deposit", json={"user_id": "u1", "amount": 5}).status_code == 200
