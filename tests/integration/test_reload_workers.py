"""`modstack reload` reaches every worker of the app: under `uvicorn --workers 3` each
worker reloads and reports its outcome, and every worker then serves the new code. A
worker whose reload fails keeps its old code and says so. (Before, the one worker that
took the request reloaded; the others kept the old code.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.integration.test_fastapi_server import ACME, METHODS, Server, wait_for

WORKERS = 3


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path, workers=WORKERS)
    wait_for(lambda: _workers_answering(running) == WORKERS, within=60)  # all started
    yield running
    running.close()


def _workers_answering(server: Server) -> int:
    """How many workers answer a reload of unchanged code."""
    answered = server.modstack("reload", "payments", "--json")
    return len(json.loads(answered.stdout).get("workers", [])) if answered.stdout else 0


def test_a_reload_reaches_every_worker_and_each_reports(server: Server) -> None:
    server.edit("payments/routes/api/storefront.py", '["card"]', '["card", "iban"]')
    reloaded = server.modstack("reload", "payments", "--json")
    assert reloaded.returncode == 0, reloaded.stderr
    report = json.loads(reloaded.stdout)
    workers = report["workers"]
    assert len({w["worker"] for w in workers}) == WORKERS, workers
    assert all(w["ok"] and w["reloaded"] == ["payments", "billing"] for w in workers)
    with httpx.Client(base_url=server.url, headers=ACME) as client:
        for _ in range(30):  # new connections land on every worker
            with httpx.Client(base_url=server.url, headers=ACME) as fresh:
                assert fresh.get(METHODS).json()["methods"] == ["card", "iban"]
        assert client.get(METHODS).json()["methods"] == ["card", "iban"]


def test_a_failed_reload_keeps_the_old_code_in_every_worker_and_says_so(
    server: Server,
) -> None:
    server.edit("payments/routes/api/storefront.py", "async def methods", "async def methods(:")
    failed = server.modstack("reload", "payments")
    assert failed.returncode == 1
    assert "SyntaxError" in failed.stderr
    assert failed.stdout.count("kept the old code") == WORKERS
    for _ in range(30):
        with httpx.Client(base_url=server.url, headers=ACME) as fresh:
            answer = fresh.get(METHODS).json()
            assert answer.get("methods") == ["card"], answer
