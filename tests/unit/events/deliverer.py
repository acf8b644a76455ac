"""One delivery round of the events-app outbox in a process of its own, with a handler
that may kill that process: ``python -m tests.unit.events.deliverer URL MODE LEASE
MAX_ATTEMPTS JOURNAL``. MODE is ``kill-first`` (SIGKILL on an event's first attempt),
``kill-always`` or ``record``; the handler appends what it was given to JOURNAL. Prints
the round's report as JSON."""

from __future__ import annotations

import dataclasses
import importlib
import json
import os
import signal
import sys
from pathlib import Path

import modstack
from modstack.events import EventBus, Outbox, current_delivery
from modstack.tenancy import TenancyService, TenancyStore

TREE = Path(__file__).parents[2] / "assets/events-app/modules"


def main(url: str, mode: str, lease: float, max_attempts: int, journal: Path) -> None:
    registry = modstack.resolve(modstack.discover(TREE))
    tenancy = TenancyService(registry, TenancyStore(url))
    bus = EventBus(registry, enabled_for=tenancy.enabled_modules)
    placed = importlib.import_module(f"{registry.get('orders').package}.events").OrderPlaced

    def handle(event: object) -> None:
        delivery = current_delivery()
        assert delivery is not None
        if mode == "kill-always" or (mode == "kill-first" and delivery.attempt == 1):
            os.kill(os.getpid(), signal.SIGKILL)
        with journal.open("a") as file:
            file.write(json.dumps({"event_id": delivery.event_id, "attempt": delivery.attempt,
                                   "key": delivery.idempotency_key}) + "\n")  # fmt: skip

    bus.subscribe(placed, handle, module="messaging")
    report = Outbox(bus, tenancy.store, lease=lease, max_attempts=max_attempts).deliver()
    print(json.dumps(dataclasses.asdict(report)))
    tenancy.close()
    tenancy.store.dispose()


if __name__ == "__main__":
    url, mode, lease, attempts, journal = sys.argv[1:]
    main(url, mode, float(lease), int(attempts), Path(journal))
