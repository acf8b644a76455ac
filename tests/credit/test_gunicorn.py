"""The credit app under a real gunicorn (sync and gthread workers, ``--workers 2``,
``--preload``): each worker starts its own stack after the fork, the gate answers in
every worker, and a toggle made by ``modstack enable`` reaches both workers within the
staleness bound."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.credit.conftest import EXAMPLE
from tests.integration.servers import free_port, wait_for_port

ADMIN_TOKEN = "credit-admin-token"
WORKERS = 2
LAKESIDE = {"X-Tenant": "lakeside"}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], env=env, cwd=EXAMPLE, text=True,
                          capture_output=True, timeout=120, check=False)  # fmt: skip


def _workers_answering(env: dict[str, str]) -> int:
    answered = _run(env, "-m", "modstack", "reload", "reporting_module", "--json")
    return len(json.loads(answered.stdout).get("workers", [])) if answered.stdout else 0


def _wake(url: str, connections: int = 8) -> None:
    """Requests on several connections at once: a sync worker serves one at a time, so
    every worker takes one and starts its stack (a worker starts it on its first request;
    one by one, a fast worker could take them all)."""
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(lambda _: httpx.get(f"{url}/health", timeout=30), range(connections)))


def _statuses(url: str, count: int = 20) -> set[int]:
    seen = set()
    for _ in range(count):  # a new connection each time: both workers answer
        with httpx.Client(base_url=url) as client:
            seen.add(client.get("/api/notifications", headers=LAKESIDE).status_code)
    return seen


@pytest.mark.parametrize("worker_class", ["sync", "gthread"])
def test_a_toggle_reaches_both_workers_of_a_preloaded_gunicorn(
    worker_class: str, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")},
        "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'credit.db'}",
        "MODSTACK_ADMIN_TOKEN": ADMIN_TOKEN,
        "MODSTACK_STALENESS": "0.2",
        "MODSTACK_URL": f"http://127.0.0.1:{port}",
        "MODSTACK_PACKAGE": "credit.core.modules",
        "CREDIT_SMTP_PORT": "1",
    }
    prepared = _run(env, "-m", "credit.seed", env["MODSTACK_DATABASE_URL"])
    assert prepared.returncode == 0, prepared.stderr
    command = ["-m", "gunicorn", "credit.app:app", "--bind", f"127.0.0.1:{port}",
               "--workers", str(WORKERS), "--worker-class", worker_class, "--threads", "4",
               "--preload", "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen([sys.executable, *command], env=env, cwd=EXAMPLE)
    try:
        wait_for_port(port, process=server)
        deadline = time.monotonic() + 60
        _wake(env["MODSTACK_URL"])
        while _workers_answering(env) < WORKERS:  # every worker has started its stack
            assert time.monotonic() < deadline, "the workers did not all start"
            _wake(env["MODSTACK_URL"])
        assert _statuses(env["MODSTACK_URL"]) == {403}  # lakeside has no notifications
        with httpx.Client(base_url=env["MODSTACK_URL"]) as client:
            assert client.get("/api/notifications").status_code == 400
            assert client.get("/health").json()["ready"] is True
        enabled = _run(env, "-m", "modstack", "enable", "notification_module", "-t", "lakeside")
        assert enabled.returncode == 0, enabled.stderr
        time.sleep(1.0)  # the staleness bound (0.2 s), with room for a busy machine
        assert _statuses(env["MODSTACK_URL"]) == {200}
    finally:
        server.terminate()
        server.wait(30)
