"""The outbox on a real SQLite file: written with the change, delivered after commit,
retried, marked failed, listed and re-delivered (also from the command line)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from modstack.cli import cli
from modstack.events import EventBus, Outbox, connect_events
from modstack.kernel import Kernel
from modstack.registry import Registry
from modstack.tenancy import TenancyService
from tests.unit.events.conftest import TREE, order_placed


@pytest.fixture
def outbox(registry: Registry, tenancy: TenancyService) -> Iterator[Outbox]:
    kernel = Kernel(registry)
    bus = EventBus(registry, enabled_for=tenancy.enabled_modules)
    connect_events(kernel, bus)
    asyncio.run(kernel.start())
    with tenancy.store.engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE shop_orders (id INTEGER PRIMARY KEY)"))
    yield Outbox(bus, tenancy.store, max_attempts=2)
    asyncio.run(kernel.stop())


def place(
    outbox: Outbox, registry: Registry, tenant: str, order: int, *, commit: bool = True
) -> None:
    placed = order_placed(registry)
    with outbox.store.engine.connect() as connection, connection.begin() as transaction:
        connection.execute(sa.text("INSERT INTO shop_orders (id) VALUES (:id)"), {"id": order})
        outbox.add(connection, placed(tenant=tenant, order_id=order))
        if not commit:
            transaction.rollback()


def test_an_event_exists_exactly_when_its_change_commits(
    outbox: Outbox, registry: Registry, journal: list[Any]
) -> None:
    place(outbox, registry, "globex", 1, commit=False)
    assert outbox.entries() == []
    place(outbox, registry, "globex", 2)
    [entry] = outbox.entries()
    assert (entry.status, entry.tenant, entry.attempts) == ("pending", "globex", 0)
    assert journal == []  # nothing delivered before deliver()
    report = outbox.deliver()
    assert report.delivered == (entry.id,)
    assert journal == [("messaging", "globex", 2)]
    assert outbox.entries()[0].status == "delivered"
    assert outbox.deliver().delivered == ()  # delivered once


def test_failing_handlers_are_retried_then_marked_failed_and_can_be_redelivered(
    outbox: Outbox, registry: Registry, tenancy: TenancyService, journal: list[Any]
) -> None:
    place(outbox, registry, "acme", 3)  # billing's handler always raises for acme
    first = outbox.deliver()
    assert first.retrying == (1,)
    [entry] = outbox.entries()
    assert (entry.status, entry.attempts) == ("pending", 1)
    assert entry.last_error == "billing: LookupError: no price list for order 3"
    assert outbox.deliver().failed == (1,)
    assert outbox.entries(status="failed")[0].attempts == 2
    tenancy.disable("acme", "billing", actor="alice")
    assert outbox.redeliver().delivered == (1,)
    assert outbox.entries()[0].status == "delivered"


def test_the_command_lists_and_redelivers_failed_events(
    outbox: Outbox, registry: Registry, tenancy: TenancyService
) -> None:
    place(outbox, registry, "acme", 4)
    outbox.deliver()
    outbox.deliver()
    database = tenancy.store.engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    common = ["--modules", str(TREE), "--database", database]
    listed = json.loads(
        runner.invoke(cli, ["events", "list", "--status", "failed", "--json", *common]).stdout
    )
    assert [(e["id"], e["status"], e["tenant"]) for e in listed] == [(1, "failed", "acme")]
    still_failing = runner.invoke(cli, ["events", "redeliver", "--json", *common])
    assert still_failing.exit_code == 1
    assert json.loads(still_failing.stdout)["retrying"] == [1]
    assert outbox.deliver().failed == (1,)  # its second attempt after the reset fails too
    tenancy.disable("acme", "billing", actor="alice")
    fixed = runner.invoke(cli, ["events", "redeliver", "1", "--json", *common])
    assert fixed.exit_code == 0, fixed.output
    assert json.loads(fixed.stdout) == {"delivered": [1], "retrying": [], "failed": []}
    assert "delivered" in runner.invoke(cli, ["events", "list", *common]).stdout


def test_counts_tell_how_many_events_wait_and_how_many_failed(
    outbox: Outbox, registry: Registry
) -> None:
    assert outbox.counts() == {}
    place(outbox, registry, "acme", 5)  # billing's handler always raises for acme
    outbox.deliver()
    outbox.deliver()
    place(outbox, registry, "globex", 6)
    assert outbox.counts() == {"failed": 1, "pending": 1}
    outbox.deliver()
    assert outbox.counts() == {"failed": 1, "delivered": 1}
