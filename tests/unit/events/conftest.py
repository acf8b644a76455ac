"""The events-app tree, real tenancy on SQLite, and the tree's hook journal."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import modstack
from modstack.registry import Registry
from modstack.tenancy import TenancyService, connect
from tests.conftest import journal_of

TREE = Path(__file__).parents[2] / "assets/events-app/modules"


@pytest.fixture
def registry() -> Registry:
    return modstack.resolve(modstack.discover(TREE))


@pytest.fixture
def tenancy(registry: Registry, tmp_path: Path) -> Iterator[TenancyService]:
    service = connect(registry, database=f"sqlite:///{tmp_path / 'm.db'}", redis_url="")
    service.create_tenant("acme", modules=["messaging", "analytics", "billing"])
    service.create_tenant("globex", modules=["messaging"])
    yield service
    service.close()
    service.store.dispose()


@pytest.fixture
def journal(registry: Registry) -> Iterator[list[tuple[Any, ...]]]:
    yield from journal_of(registry)


def order_placed(registry: Registry) -> type:
    package = registry.get("orders").package
    return importlib.import_module(f"{package}.events").OrderPlaced  # type: ignore[no-any-return]
