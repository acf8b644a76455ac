"""Invalidation latency across two processes through Redis pub/sub: one process enables
and disables a module, another watches ``is_enabled`` flip. Starts its own redis-server
on a free loopback port; the store is a SQLite file both processes share.

    python benchmarks/bench_invalidation.py [--changes 200]
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import sys
import tempfile
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.servers import RedisServer  # noqa: E402

import modstack  # noqa: E402
from modstack import tenancy  # noqa: E402

MARKETPLACE = ROOT / "examples/marketplace/app/modules"


def watcher(url: str, redis_url: str, changes: int, ready: Event, out: Queue) -> None:  # type: ignore[type-arg]
    registry = modstack.resolve(modstack.discover(MARKETPLACE))
    service = tenancy.connect(
        registry, database=url, redis_url=redis_url, staleness=3600, migrate=False
    )
    state = service.is_enabled("acme", "billing")
    service.notifier.wait_ready(10)
    ready.set()
    seen: list[float] = []
    while len(seen) < changes:
        now = service.is_enabled("acme", "billing")
        if now != state:
            seen.append(time.monotonic())
            state = now
        else:
            time.sleep(0.00005)
    service.close()
    out.put(seen)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=200)
    args = parser.parse_args()
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is not installed (apt-get install -y redis-server)")
    redis = RedisServer(binary)
    folder = tempfile.mkdtemp()
    url = f"sqlite:///{folder}/bench.db"
    registry = modstack.resolve(modstack.discover(MARKETPLACE))
    writer = tenancy.connect(registry, database=url, redis_url=redis.url)
    writer.create_tenant("acme", modules=["payments"])
    spawn = multiprocessing.get_context("spawn")
    ready, out = spawn.Event(), spawn.Queue()
    process = spawn.Process(target=watcher, args=(url, redis.url, args.changes, ready, out))
    process.start()
    ready.wait(60)
    committed: list[float] = []
    for number in range(args.changes):
        change = writer.enable if number % 2 == 0 else writer.disable
        change("acme", "billing", actor="bench")
        committed.append(time.monotonic())
        time.sleep(0.02)  # one change at a time, so each flip is seen on its own
    seen = out.get(timeout=120)
    process.join(30)
    writer.close()
    writer.store.dispose()
    redis.close()
    shutil.rmtree(folder, ignore_errors=True)
    latencies = [(s - c) * 1000 for s, c in zip(seen, committed, strict=True)]
    print(f"invalidation latency via Redis, {args.changes} changes (ms after the commit returned)")
    print(f"  median {statistics.median(latencies):6.2f}")
    print(f"  p99    {percentile(latencies, 0.99):6.2f}")
    print(f"  max    {max(latencies):6.2f}")


if __name__ == "__main__":
    main()
