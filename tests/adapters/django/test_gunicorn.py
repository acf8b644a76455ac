"""A Django project under gunicorn with ``--preload``: ``ready()`` builds the stack in the
master, which starts nothing; each worker starts its own after the fork (dropping the
connections it inherited), serves, and answers a reload."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from tests.adapters.contract.adapters import django_server
from tests.adapters.django.project import CONTRACT_TREE
from tests.integration.servers import free_port, wait_for_port

TOKEN = "preload-token"
WORKERS = 2


def _modstack(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "modstack", *args], env=env, text=True,
                          capture_output=True, timeout=120, check=False)  # fmt: skip


def test_preloaded_workers_each_start_their_own_stack(tmp_path: Path) -> None:
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    port = free_port()
    env = {
        **os.environ,
        "MODSTACK_MODULES": str(tree),
        "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'preload.db'}",
        "MODSTACK_ADMIN_TOKEN": TOKEN,
        "MODSTACK_STALENESS": "0.2",
        "MODSTACK_URL": f"http://127.0.0.1:{port}",
    }
    created = _modstack(env, "tenants", "create", "acme", "-m", "notes", "--modules", str(tree))
    assert created.returncode == 0, created.stderr
    command = [*django_server(tmp_path, port, WORKERS), "--preload"]
    server = subprocess.Popen(command, env=env, cwd=tmp_path)
    try:
        wait_for_port(port, process=server)
        workers: set[str] = set()
        deadline = time.monotonic() + 60
        while len(workers) < WORKERS:  # every worker has started a stack of its own
            assert time.monotonic() < deadline, f"only {workers} answered"
            answered = _modstack(env, "reload", "notes", "--json")
            assert answered.returncode == 0, answered.stderr
            outcomes = json.loads(answered.stdout)["workers"]
            assert all(o["ok"] for o in outcomes)
            workers |= {str(o["worker"]) for o in outcomes}
        with httpx.Client(base_url=env["MODSTACK_URL"]) as client:
            for _ in range(10):
                ping = client.get("/api/v1/vendor/notes/ping", headers={"X-Tenant": "acme"})
                assert ping.json() == {"module": "notes", "tenant": "acme"}
    finally:
        server.terminate()
        server.wait(30)
