"""A small shop registry and a tenancy service over a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import modstack
from modstack import ModuleDefinition
from modstack.registry import Registry
from modstack.tenancy import TenancyService, connect


def shop_definitions() -> list[ModuleDefinition]:
    return [
        ModuleDefinition("core", tier="core"),
        ModuleDefinition("tenancy", tier="core", requires=["core"]),
        ModuleDefinition("payments"),
        ModuleDefinition("billing", requires=["payments"]),
        ModuleDefinition("orders", requires=["payments"], optional_requires=["inventory"]),
        ModuleDefinition("inventory"),
        ModuleDefinition("cart"),
        ModuleDefinition("checkout", requires=["cart", "orders"]),
        ModuleDefinition("ops", tier="internal", requires=["payments"]),
    ]


@pytest.fixture
def shop() -> Registry:
    return modstack.resolve(shop_definitions())


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'data' / 'modstack.db'}"


@pytest.fixture
def service(shop: Registry, database: str) -> Iterator[TenancyService]:
    tenancy = connect(shop, database=database, redis_url="", default_modules=["cart"])
    yield tenancy
    tenancy.close()
    tenancy.store.dispose()
