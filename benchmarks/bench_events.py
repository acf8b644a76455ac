"""Dispatch cost of one event with 10 handlers (10 modules, all enabled for the tenant,
the tenant check included) vs. a plain loop over 10 functions and vs. blinker, in one run.

    python benchmarks/bench_events.py [--calls 200000]
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass

import blinker

import modstack
from modstack import ModuleDefinition
from modstack.events import EventBus
from modstack.tenancy import connect
from timing import per_call


@dataclass(frozen=True)
class OrderPlaced:
    tenant: str
    order_id: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000)
    args = parser.parse_args()
    codes = [f"mod{i}" for i in range(10)]
    registry = modstack.resolve([ModuleDefinition(code) for code in codes])
    handlers = [lambda event: None for _ in codes]
    with tempfile.TemporaryDirectory() as folder:
        tenancy = connect(
            registry, database=f"sqlite:///{folder}/b.db", redis_url="", staleness=3600
        )
        tenancy.create_tenant("acme", modules=codes)
        bus = EventBus(registry, enabled_for=tenancy.enabled_modules)
        for code, handler in zip(codes, handlers, strict=True):
            bus.subscribe(OrderPlaced, handler, module=code)
        signal = blinker.Signal()
        for handler in handlers:
            signal.connect(handler, weak=False)
        event = OrderPlaced("acme", 1)

        def plain_loop() -> None:
            for handler in handlers:
                handler(event)

        namespace = {"bus": bus, "event": event, "plain_loop": plain_loop, "signal": signal}
        plain = per_call("plain_loop()", namespace, args.calls)
        ours = per_call("bus.publish(event)", namespace, args.calls)
        theirs = per_call("signal.send(event)", namespace, args.calls)
        tenancy.close()
        tenancy.store.dispose()
    print("one event, 10 handlers in 10 modules, best of 5 (µs per dispatch)")
    print(f"  plain loop over 10 functions   {plain:6.2f}")
    ratio = ours / plain
    print(f"  modstack EventBus, tenant-aware {ours:5.2f}   {ratio:.2f}x plain loop (target <= 2x)")
    print(f"  blinker Signal.send            {theirs:6.2f}   {theirs / plain:.2f}x plain loop")


if __name__ == "__main__":
    main()
