"""At-least-once delivery across crashes: a process killed (SIGKILL, for real) while
delivering an event leaves a claim whose lease expires; a later process delivers the
event; a handler that always kills its process ends ``failed`` after ``max_attempts``."""

from __future__ import annotations

import importlib
import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from click.testing import CliRunner

from modstack.cli import cli
from modstack.db.tables import outbox as outbox_table
from modstack.events import EventBus, Outbox, OutboxReport, current_delivery, record_event
from modstack.registry import Registry
from modstack.tenancy import TenancyService
from tests.unit.events.conftest import TREE

ROOT = Path(__file__).parents[3]


def place(tenancy: TenancyService, registry: Registry, order: int) -> int:
    placed = importlib.import_module(f"{registry.get('orders').package}.events").OrderPlaced
    with tenancy.store.engine.begin() as connection:
        return record_event(connection, placed(tenant="globex", order_id=order))


def deliver_in_a_process(
    tenancy: TenancyService, mode: str, journal: Path, *, lease: float, max_attempts: int = 5
) -> tuple[int, dict[str, Any] | None]:
    """Run one delivery round in a new process: its exit code, and its report (None when
    it was killed)."""
    url = tenancy.store.engine.url.render_as_string(hide_password=False)
    command = [sys.executable, "-m", "tests.unit.events.deliverer", url, mode, str(lease),
               str(max_attempts), str(journal)]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    if done.returncode == 0:
        return 0, json.loads(done.stdout.strip().splitlines()[-1])
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done.returncode, None


def entry_of(outbox: Outbox, event: int) -> Any:
    [entry] = [e for e in outbox.entries() if e.id == event]
    return entry


def journal_lines(journal: Path) -> list[dict[str, Any]]:
    if not journal.exists():
        return []
    return [json.loads(line) for line in journal.read_text().splitlines()]


def an_outbox(registry: Registry, tenancy: TenancyService) -> Outbox:
    return Outbox(EventBus(registry, enabled_for=tenancy.enabled_modules), tenancy.store)


def test_an_event_whose_deliverer_was_killed_is_delivered_by_a_later_process(
    registry: Registry, tenancy: TenancyService, tmp_path: Path
) -> None:
    journal = tmp_path / "journal.jsonl"
    event = place(tenancy, registry, 1)
    killed, _ = deliver_in_a_process(tenancy, "kill-first", journal, lease=0.2)
    assert killed == -signal.SIGKILL
    outbox = an_outbox(registry, tenancy)
    stuck = entry_of(outbox, event)
    assert (stuck.status, stuck.attempts) == ("delivering", 1)  # the attempt was counted
    assert stuck.claimed_until is not None
    while datetime.now(UTC) <= stuck.claimed_until:  # wait for the lease to expire
        time.sleep(0.05)
    code, report = deliver_in_a_process(tenancy, "kill-first", journal, lease=0.2)
    assert (code, report) == (0, {"delivered": [event], "retrying": [], "failed": []})
    done = entry_of(outbox, event)
    assert (done.status, done.attempts, done.claimed_until) == ("delivered", 2, None)
    # The handler knew which event it was handling, and that this was a second attempt.
    assert journal_lines(journal) == [
        {"event_id": event, "attempt": 2, "key": f"modstack-outbox:{event}"}
    ]


def test_an_event_under_a_live_lease_is_left_to_its_deliverer(
    registry: Registry, tenancy: TenancyService, tmp_path: Path
) -> None:
    event = place(tenancy, registry, 2)
    killed, _ = deliver_in_a_process(tenancy, "kill-first", tmp_path / "j", lease=3600)
    assert killed == -signal.SIGKILL
    outbox = an_outbox(registry, tenancy)
    assert outbox.deliver().delivered == ()
    assert outbox.redeliver().delivered == ()
    assert entry_of(outbox, event).status == "delivering"


def test_a_handler_that_always_kills_its_process_ends_failed_after_max_attempts(
    registry: Registry, tenancy: TenancyService, tmp_path: Path
) -> None:
    event = place(tenancy, registry, 3)
    outbox = an_outbox(registry, tenancy)
    for attempt in (1, 2, 3):
        killed, _ = deliver_in_a_process(
            tenancy, "kill-always", tmp_path / "j", lease=0, max_attempts=3
        )
        assert killed == -signal.SIGKILL
        assert (entry_of(outbox, event).status, entry_of(outbox, event).attempts) == (
            "delivering",
            attempt,
        )
    code, report = deliver_in_a_process(
        tenancy, "kill-always", tmp_path / "j", lease=0, max_attempts=3
    )
    assert (code, report) == (0, {"delivered": [], "retrying": [], "failed": [event]})
    failed = entry_of(outbox, event)
    assert (failed.status, failed.attempts) == ("failed", 3)
    assert "stopped before finishing" in (failed.last_error or "")


def test_redeliver_takes_over_events_stuck_in_delivering(
    registry: Registry, tenancy: TenancyService, journal: list[Any]
) -> None:
    event = place(tenancy, registry, 4)
    # What a process killed mid-delivery left behind before leases existed: no lease.
    with tenancy.store.engine.begin() as connection:
        connection.execute(
            sa.update(outbox_table).values(status="delivering", attempts=1, claimed_until=None)
        )
    database = tenancy.store.engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        cli, ["events", "redeliver", "--json", "--modules", str(TREE), "--database", database]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"delivered": [event], "retrying": [], "failed": []}
    assert entry_of(an_outbox(registry, tenancy), event).status == "delivered"


def test_handlers_called_directly_have_no_outbox_delivery(
    registry: Registry, tenancy: TenancyService
) -> None:
    seen: list[object] = []
    bus = EventBus(registry, enabled_for=tenancy.enabled_modules)
    placed = importlib.import_module(f"{registry.get('orders').package}.events").OrderPlaced
    bus.subscribe(placed, lambda event: seen.append(current_delivery()), module="messaging")
    bus.publish(placed(tenant="globex", order_id=5))
    assert seen == [None]


def test_a_delivery_that_outlasts_its_lease_does_not_overwrite_the_takeover(
    registry: Registry, tenancy: TenancyService
) -> None:
    event = place(tenancy, registry, 6)
    bus = EventBus(registry, enabled_for=tenancy.enabled_modules)
    slow = Outbox(bus, tenancy.store, lease=0)  # its lease is over as soon as it claims
    other = Outbox(bus, tenancy.store)
    attempts: list[int] = []

    def handle(_: object) -> None:
        delivery = current_delivery()
        assert delivery is not None
        attempts.append(delivery.attempt)
        if delivery.attempt == 1:  # the slow one: meanwhile another process takes over
            assert other.deliver().delivered == (event,)
            raise RuntimeError("too late")

    placed = importlib.import_module(f"{registry.get('orders').package}.events").OrderPlaced
    bus.subscribe(placed, handle, module="messaging")
    assert slow.deliver() == OutboxReport((), (), ())  # its late outcome is not recorded
    assert attempts == [1, 2]
    done = entry_of(other, event)
    assert (done.status, done.attempts, done.last_error) == ("delivered", 2, None)
