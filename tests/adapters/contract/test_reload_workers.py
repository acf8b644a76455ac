"""Every adapter, under a real server with two worker processes: `modstack reload CODE`
reaches both, each reports its outcome, and both serve the new translations after."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from tests.adapters.contract.adapters import Adapter
from tests.adapters.contract.conftest import ADMIN_TOKEN
from tests.integration.servers import free_port, wait_for_port

WORKERS = 2


def _modstack(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "modstack", *args], env=env, text=True,
                          capture_output=True, timeout=120, check=False)  # fmt: skip


def _workers_answering(env: dict[str, str]) -> int:
    answered = _modstack(env, "reload", "notes", "--json")
    return len(json.loads(answered.stdout).get("workers", [])) if answered.stdout else 0


def test_a_reload_reaches_every_worker_of_a_real_server(adapter: Adapter, tmp_path: Path) -> None:
    tree = tmp_path / "modules"
    shutil.copytree(adapter.tree, tree)
    port = free_port()
    env = {
        **os.environ,
        "MODSTACK_MODULES": str(tree),
        "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'contract.db'}",
        "MODSTACK_ADMIN_TOKEN": ADMIN_TOKEN,
        "MODSTACK_STALENESS": "0.2",
        "MODSTACK_URL": f"http://127.0.0.1:{port}",
    }
    created = _modstack(env, "tenants", "create", "acme", "-m", "notes", "--modules", str(tree))
    assert created.returncode == 0, created.stderr
    server = subprocess.Popen(adapter.server(tmp_path, port, WORKERS), env=env, cwd=tmp_path)
    try:
        wait_for_port(port, process=server)
        deadline = time.monotonic() + 60
        while _workers_answering(env) < WORKERS:  # every worker has started
            assert time.monotonic() < deadline, "the workers did not all start"
        (tree / "notes/locales/en.json").write_text('{"notes.hello": "Howdy"}\n')
        reloaded = _modstack(env, "reload", "notes", "--json")
        assert reloaded.returncode == 0, reloaded.stderr
        outcomes = json.loads(reloaded.stdout)["workers"]
        assert len({o["worker"] for o in outcomes}) == WORKERS
        assert all(o["ok"] for o in outcomes)
        for _ in range(20):  # new connections land on every worker
            with httpx.Client(base_url=env["MODSTACK_URL"]) as client:
                page = client.get("/vendor/notes", headers={"X-Tenant": "acme"})
                assert "Howdy &lt;world&gt;" in page.text
    finally:
        server.terminate()
        server.wait(30)
