"""The FastAPI gate's work per request, in process (the ASGI app called as a server
calls it, without a socket), for the plain route and the gated module route of
``bench_gate.py``'s app:

1. counted: the Python calls one request makes (cProfile). Call counts do not move with
   the machine's load, so two versions of the code compare exactly where wrk's ratios
   swing by a few percent;
2. timed: the CPU time of one request (``time.thread_time``), best of ``--rounds``
   rounds of 200 requests per route, the routes taking turns in each round, as
   ``bench_flask.py`` measures Flask: the gated route's throughput against the plain
   route's (target >= 0.97, as ``bench_gate.py``'s) and the µs the gate adds;
3. with ``--instructions``: the machine instructions one request takes in the thread
   that serves it (valgrind's callgrind, ``--separate-threads``: the tenancy refresher's
   and the test client's threads left out), the same on any machine to about 0.1 %.

    python benchmarks/bench_gate_calls.py [--rounds 60] [--instructions]
    PYTHONPATH=/tmp/old/src python benchmarks/bench_gate_calls.py   # another checkout
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_gate import make_tree  # noqa: E402

REQUESTS = 200
PATHS = {
    "plain FastAPI route": "/plain/hello",
    "same, included router": "/included/hello",
    "gated module route": "/api/v1/storefront/shop/hello",
}


async def request(app: Any, path: str) -> int:
    """One GET of ``path`` for tenant acme, straight into the ASGI app; its status."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": [(b"host", b"bench"), (b"x-tenant", b"acme")],
        "client": ("127.0.0.1", 1), "server": ("bench", 80),
    }  # fmt: skip
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    status: int = sent[0]["status"]
    return status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--serve", nargs=2, metavar=("PATH", "REQUESTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        _serve(args.serve[0], int(args.serve[1]))
    elif args.instructions:
        _count_instructions()
    else:
        _measure(args.rounds)


def _app() -> Any:
    """``bench_gate.py``'s app with one module, tenant acme having it enabled."""
    tree = make_tree(Path(tempfile.mkdtemp()), 1)
    database = f"sqlite:///{tree / 'bench.db'}"
    os.environ.update(MODSTACK_MODULES=str(tree), MODSTACK_DATABASE_URL=database)
    create = ["tenants", "create", "acme", "-m", "shop", "--modules", str(tree)]
    subprocess.run([sys.executable, "-m", "modstack", *create, "--database", database],
                   check=True, capture_output=True)  # fmt: skip
    sys.path.insert(0, str(tree))
    return importlib.import_module("serve").app


def _measure(rounds: int) -> None:
    app = _app()
    from fastapi.testclient import TestClient

    with TestClient(app):  # the lifespan: modules started
        loop = asyncio.new_event_loop()
        for path in PATHS.values():
            for _ in range(50):
                assert loop.run_until_complete(request(app, path)) == 200, path
        counts = {name: _calls(loop, app, path) for name, path in PATHS.items()}
        best = {name: float("inf") for name in PATHS}
        for _ in range(rounds):
            for name, path in PATHS.items():
                best[name] = min(best[name], _cpu_per_request(loop, app, path))
        loop.close()
    plain_calls, plain_cpu = counts["plain FastAPI route"], best["plain FastAPI route"]
    print(f"Python calls per request ({REQUESTS} requests, ASGI in process)")
    for name, calls in counts.items():
        print(f"  {name:22} {calls:7.1f}   {calls - plain_calls:+.1f} vs plain")
    print(f"CPU time per request, best of {rounds} rounds of {REQUESTS} (thread_time)")
    for name, seconds in best.items():
        print(f"  {name:22} {seconds * 1e6:7.1f} µs   {plain_cpu / seconds:.3f}x plain"
              f"   {(seconds - plain_cpu) * 1e6:+.1f} µs")  # fmt: skip
    print("  target: gated >= 0.97x plain")


def _serve(path: str, requests: int) -> None:
    """Start the app, send 200 requests of ``path`` to warm it, then ``requests`` more."""
    app = _app()
    from fastapi.testclient import TestClient

    with TestClient(app):
        loop = asyncio.new_event_loop()
        for _ in range(200 + requests):
            assert loop.run_until_complete(request(app, path)) == 200, path
        loop.close()


def _count_instructions() -> None:
    """Run :func:`_serve` under callgrind with 0 and ``INSTRUCTION_REQUESTS`` requests per
    path (each after the same warm-up): the difference in the main thread, per request."""
    if shutil.which("valgrind") is None:
        print("skipped --instructions: it needs valgrind (apt-get install -y valgrind)")
        return
    runs = [(path, requests) for path in PATHS.values() for requests in (0, INSTRUCTION_REQUESTS)]
    with ThreadPoolExecutor(max_workers=2) as pool:  # one valgrind per core
        totals = dict(
            zip(runs, pool.map(lambda run: _main_thread_instructions(*run), runs), strict=True)
        )
    counts = {
        name: (totals[path, INSTRUCTION_REQUESTS] - totals[path, 0]) / INSTRUCTION_REQUESTS
        for name, path in PATHS.items()
    }
    plain = counts["plain FastAPI route"]
    print(f"Instructions per request, main thread ({INSTRUCTION_REQUESTS} requests, callgrind)")
    for name, count in counts.items():
        print(f"  {name:22} {count / 1000:7.1f} k   {plain / count:.3f}x plain")
    print("  target: gated >= 0.97x plain")


INSTRUCTION_REQUESTS = 2000


def _main_thread_instructions(path: str, requests: int) -> int:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "cg"
        command = ["valgrind", "--tool=callgrind", "--separate-threads=yes",
                   f"--callgrind-out-file={out}", sys.executable, __file__,
                   "--serve", path, str(requests)]  # fmt: skip
        subprocess.run(
            command, check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"}
        )
        text = (Path(folder) / "cg-01").read_text()  # thread 1: the one serving
    return int(next(line for line in text.splitlines() if line.startswith("totals:")).split()[1])


def _calls(loop: asyncio.AbstractEventLoop, app: Any, path: str) -> float:
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(REQUESTS):
        loop.run_until_complete(request(app, path))
    profile.disable()
    return float(pstats.Stats(profile).total_calls) / REQUESTS  # type: ignore[attr-defined]


def _cpu_per_request(loop: asyncio.AbstractEventLoop, app: Any, path: str) -> float:
    started = time.thread_time()
    for _ in range(REQUESTS):
        loop.run_until_complete(request(app, path))
    return (time.thread_time() - started) / REQUESTS


if __name__ == "__main__":
    main()
