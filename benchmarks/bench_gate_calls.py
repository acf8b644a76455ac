"""The FastAPI gate's work per request, counted rather than timed: the Python calls one
request makes through the app (ASGI, in process, with cProfile), for the plain route and
the gated module route of ``bench_gate.py``'s app. Call counts do not move with the
machine's load, so two versions of the code compare exactly where wrk's ratios swing by
a few percent:

    python benchmarks/bench_gate_calls.py
    PYTHONPATH=/tmp/old/src python benchmarks/bench_gate_calls.py   # another checkout
"""

from __future__ import annotations

import asyncio
import cProfile
import importlib
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_gate import make_tree  # noqa: E402

REQUESTS = 200
PATHS = {
    "plain FastAPI route": "/plain/hello",
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
    tree = make_tree(Path(tempfile.mkdtemp()), 1)
    database = f"sqlite:///{tree / 'bench.db'}"
    os.environ.update(MODSTACK_MODULES=str(tree), MODSTACK_DATABASE_URL=database)
    create = ["tenants", "create", "acme", "-m", "shop", "--modules", str(tree)]
    subprocess.run([sys.executable, "-m", "modstack", *create, "--database", database],
                   check=True, capture_output=True)  # fmt: skip
    sys.path.insert(0, str(tree))
    app = importlib.import_module("serve").app

    from fastapi.testclient import TestClient

    with TestClient(app):  # the lifespan: modules started
        loop = asyncio.new_event_loop()
        counts = {}
        for name, path in PATHS.items():
            for _ in range(50):
                assert loop.run_until_complete(request(app, path)) == 200, path
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(REQUESTS):
                loop.run_until_complete(request(app, path))
            profile.disable()
            counts[name] = pstats.Stats(profile).total_calls / REQUESTS  # type: ignore[attr-defined]
        loop.close()
    plain = counts["plain FastAPI route"]
    print(f"Python calls per request ({REQUESTS} requests, ASGI in process)")
    for name, calls in counts.items():
        print(f"  {name:22} {calls:7.1f}   {calls - plain:+.1f} vs plain")


if __name__ == "__main__":
    main()
