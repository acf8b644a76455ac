"""The event bus with real tenancy (SQLite) and the kernel: tenant-aware dispatch in
load order, isolated failures, async handlers, reload swaps handlers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

import modstack
from modstack.errors import TenantNotFound
from modstack.events import EventBus, connect_events, declared_handlers, event_key
from modstack.kernel import Kernel
from modstack.registry import Registry
from modstack.tenancy import TenancyService
from tests.unit.events.conftest import order_placed


@pytest.fixture
def bus(registry: Registry, tenancy: TenancyService) -> Iterator[EventBus]:
    kernel = Kernel(registry)
    events = EventBus(registry, enabled_for=tenancy.enabled_modules)
    connect_events(kernel, events)
    asyncio.run(kernel.start())
    yield events
    asyncio.run(kernel.stop())


def test_handlers_run_in_load_order_for_the_modules_the_tenant_has(
    bus: EventBus, registry: Registry, journal: list[Any]
) -> None:
    placed = order_placed(registry)
    delivery = bus.publish(placed(tenant="acme", order_id=7))
    assert delivery.called == ("analytics", "billing", "messaging")
    assert journal == [("analytics", "acme", 7), ("messaging", "acme", 7)]
    other = bus.publish(placed(tenant="globex", order_id=8))
    assert other.called == ("messaging",)
    assert other.skipped == ("analytics", "billing")


def test_a_failing_handler_is_logged_counted_and_the_rest_run(
    bus: EventBus, registry: Registry, journal: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    placed = order_placed(registry)
    with caplog.at_level(logging.ERROR, logger="modstack.events"):
        delivery = bus.publish(placed(tenant="acme", order_id=9))
    assert delivery.failed == (("billing", "LookupError: no price list for order 9"),)
    assert ("messaging", "acme", 9) in journal
    key = event_key(placed)
    assert bus.failures[("billing", key)] == 1
    assert f"module 'billing' failed on event {key} for tenant 'acme'" in caplog.text


def test_publish_async_awaits_async_handlers_in_order(
    bus: EventBus, registry: Registry, journal: list[Any]
) -> None:
    placed = order_placed(registry)

    async def main() -> None:
        await bus.publish_async(placed(tenant="acme", order_id=10))

    asyncio.run(main())
    assert journal == [("analytics", "acme", 10), ("messaging", "acme", 10)]


def test_disabling_a_module_stops_its_handlers_for_that_tenant_only(
    bus: EventBus, registry: Registry, tenancy: TenancyService, journal: list[Any]
) -> None:
    placed = order_placed(registry)
    tenancy.disable("acme", "messaging", actor="alice")
    bus.publish(placed(tenant="acme", order_id=1))
    bus.publish(placed(tenant="globex", order_id=2))
    assert [entry for entry in journal if entry[0] == "messaging"] == [("messaging", "globex", 2)]


def test_an_event_must_name_a_known_tenant(bus: EventBus, registry: Registry) -> None:
    @dataclass
    class Anonymous:
        order_id: int

    bus.subscribe(Anonymous, lambda event: None, module="messaging")
    with pytest.raises(
        ValueError, match="Anonymous names no tenant: give the event a `tenant` field"
    ):
        bus.publish(Anonymous(1))
    with pytest.raises(TenantNotFound):
        bus.publish(Anonymous(1), tenant="nobody")


def test_stopped_modules_are_unsubscribed(registry: Registry, tenancy: TenancyService) -> None:
    kernel = Kernel(registry)
    events = EventBus(registry, enabled_for=tenancy.enabled_modules)
    connect_events(kernel, events)
    asyncio.run(kernel.start())
    placed = order_placed(registry)
    assert [s.module for s in events.handlers_of(placed)] == ["analytics", "billing", "messaging"]
    asyncio.run(kernel.stop(["messaging"]))
    assert [s.module for s in events.handlers_of(placed)] == ["analytics", "billing"]
    asyncio.run(kernel.stop())
    assert events.handlers_of(placed) == ()


def test_handlers_can_be_declared_in_the_definition() -> None:
    seen: list[object] = []

    @dataclass
    class Shipped:
        tenant: str

    definition = modstack.ModuleDefinition("shipping", subscriptions={Shipped: seen.append})
    [(key, handler)] = list(declared_handlers(definition))
    assert key == event_key(Shipped)
    handler(Shipped("acme"))
    assert seen == [Shipped("acme")]


def test_a_change_of_subscriptions_reaches_the_next_publish(
    registry: Registry, tenancy: TenancyService, journal: list[Any]
) -> None:
    kernel = Kernel(registry)
    events = EventBus(registry, enabled_for=tenancy.enabled_modules)
    connect_events(kernel, events)
    asyncio.run(kernel.start())
    placed = order_placed(registry)
    assert events.publish(placed(tenant="globex", order_id=1)).called == ("messaging",)
    asyncio.run(kernel.stop(["messaging"]))
    assert events.publish(placed(tenant="globex", order_id=2)).called == ()
    asyncio.run(kernel.stop())
