"""The FastAPI adapter in a real uvicorn server: gating flips after `modstack enable`
/ `disable` without a restart; a reload under concurrent requests drops none of them;
a reload with a syntax error keeps the old code serving; the dev watcher reloads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.integration.servers import free_port, wait_for_port

WEB_APP = Path(__file__).parents[1] / "assets/web-app"
METHODS = "/api/v1/storefront/payments/methods"
ACME = {"X-Tenant": "acme"}


class Server:
    """A uvicorn process serving `create_app()` over a copy of the web-app tree."""

    def __init__(self, root: Path, *, watch: bool = False, workers: int = 1) -> None:
        self.tree = root / "web-app"
        shutil.copytree(WEB_APP, self.tree)
        self.database = f"sqlite:///{root / 'modstack.db'}"
        (root / "serve.py").write_text(
            "from modstack.fastapi import create_app\n\napp = create_app()\n"
        )
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "MODSTACK_MODULES": str(self.tree / "modules"),
            "MODSTACK_DATABASE_URL": self.database,
            "MODSTACK_ENVIRONMENT": "development",
            "MODSTACK_ADMIN_TOKEN": "test-admin-token",  # `modstack reload` sends it
            "MODSTACK_STALENESS": "0.2",
            "MODSTACK_WATCH": "true" if watch else "false",
            "MODSTACK_URL": self.url,
        }
        self.modstack("tenants", "create", "acme", "-m", "billing")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "serve:app", "--app-dir", str(root),
             "--port", str(self.port), "--log-level", "warning", "--workers", str(workers)],
            env=self.env, cwd=root,
        )  # fmt: skip
        wait_for_port(self.port, process=self.process)

    def modstack(self, *args: str) -> subprocess.CompletedProcess[str]:
        tree = ["--modules", str(self.tree / "modules"), "--database", self.database]
        needs_tree = args[0] in ("tenants", "enable", "disable", "status")
        command = [sys.executable, "-m", "modstack", *args, *(tree if needs_tree else [])]
        return subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=120, check=False
        )

    def edit(self, relative: str, old: str, new: str) -> None:
        file = self.tree / "modules" / relative
        file.write_text(file.read_text().replace(old, new))

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    running = Server(tmp_path)
    yield running
    running.close()


def wait_for(condition: object, *, within: float) -> float:
    """Seconds until ``condition()`` holds; fails after ``within`` seconds."""
    started = time.monotonic()
    while not condition():  # type: ignore[operator]
        assert time.monotonic() - started < within, f"not true within {within} s"
        time.sleep(0.01)
    return time.monotonic() - started


def test_gating_flips_within_the_staleness_bound_after_the_cli_changes_a_tenant(
    server: Server,
) -> None:
    with httpx.Client(base_url=server.url, headers=ACME) as client:
        invoices = "/api/v1/vendor/billing/invoices"
        assert client.get(invoices).status_code == 200
        disabled = server.modstack("disable", "payments", "--tenant", "acme", "--yes")
        assert disabled.returncode == 0, disabled.stderr
        assert wait_for(lambda: client.get(invoices).status_code == 403, within=0.2 + 1.5) < 1.7
        assert client.get(invoices).json()["code"] == "module_disabled"
        enabled = server.modstack("enable", "billing", "--tenant", "acme", "--yes")
        assert enabled.returncode == 0, enabled.stderr
        wait_for(lambda: client.get(invoices).status_code == 200, within=0.2 + 1.5)


def test_a_reload_under_concurrent_requests_drops_none(server: Server) -> None:
    seen: list[tuple[int, tuple[str, ...]]] = []
    stop = threading.Event()

    def hammer() -> None:
        with httpx.Client(base_url=server.url, headers=ACME, timeout=30) as client:
            while not stop.is_set():
                response = client.get(METHODS)
                body = response.json()
                seen.append((response.status_code, tuple(body.get("methods", ()))))

    workers = [threading.Thread(target=hammer) for _ in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(0.3)
    server.edit("payments/routes/api/storefront.py", '["card"]', '["card", "iban"]')
    reloaded = server.modstack("reload", "payments")
    time.sleep(0.3)
    stop.set()
    for worker in workers:
        worker.join(30)
    assert reloaded.returncode == 0, reloaded.stderr
    assert "reloaded payments, billing" in reloaded.stdout
    assert len(seen) > 50
    assert {status for status, _ in seen} == {200}, "a request failed during the reload"
    bodies = [methods for _, methods in seen]
    assert ("card",) in bodies
    assert bodies[-1] == ("card", "iban")
    switched = bodies.index(("card", "iban"))
    assert all(b == ("card", "iban") for b in bodies[switched + 4 * 2 :])  # no flapping back


def test_a_reload_with_a_syntax_error_keeps_the_old_code_serving(server: Server) -> None:
    server.edit("payments/routes/api/storefront.py", "async def methods", "async def methods(:")
    failed = server.modstack("reload", "payments")
    assert failed.returncode == 1
    assert "SyntaxError" in failed.stderr
    with httpx.Client(base_url=server.url, headers=ACME) as client:
        assert client.get(METHODS).json()["methods"] == ["card"]


def test_in_development_the_watcher_reloads_an_edited_module(tmp_path: Path) -> None:
    watched = Server(tmp_path, watch=True)
    try:
        with httpx.Client(base_url=watched.url, headers=ACME) as client:
            assert client.get(METHODS).json()["methods"] == ["card"]
            watched.edit("payments/routes/api/storefront.py", '["card"]', '["card", "cash"]')
            wait_for(lambda: client.get(METHODS).json()["methods"] == ["card", "cash"], within=10)
    finally:
        watched.close()


def test_in_development_the_watcher_starts_a_module_folder_added_while_serving(
    tmp_path: Path,
) -> None:
    watched = Server(tmp_path, watch=True)
    extra = watched.tree / "modules" / "extra"
    try:
        (extra / "routes" / "api").mkdir(parents=True)
        for package in (extra, extra / "routes", extra / "routes" / "api"):
            (package / "__init__.py").write_text("")
        (extra / "routes" / "api" / "vendor.py").write_text(
            "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
            '@router.get("/hello")\ndef hello() -> dict[str, str]:\n    return {"hello": "extra"}\n'
        )
        definition = extra / "definition.py"
        hello = "/api/v1/vendor/extra/hello"
        with httpx.Client(base_url=watched.url, headers=ACME) as client:

            def started() -> bool:  # saved again until the watcher (starting too) sees it
                definition.write_text(
                    'from modstack import ModuleDefinition\n\nextra = ModuleDefinition("extra")\n'
                )
                time.sleep(0.5)
                return bool(client.get(hello).json().get("code") == "module_disabled")

            # started, and enabled for no tenant until someone enables it
            wait_for(started, within=30)
            enabled = watched.modstack("enable", "extra", "--tenant", "acme", "--yes")
            assert enabled.returncode == 0, enabled.stderr
            wait_for(lambda: client.get(hello).status_code == 200, within=5)
            assert client.get(hello).json() == {"hello": "extra"}
    finally:
        watched.close()


def test_a_module_from_modstack_new_is_served_after_one_command_and_an_enable(
    tmp_path: Path,
) -> None:
    watched = Server(tmp_path, watch=True)
    items = "/api/v1/storefront/gifts/items"
    try:
        started_at = time.monotonic()
        made = watched.modstack(
            "new", "module", "gifts", "--modules", str(watched.tree / "modules")
        )
        assert made.returncode == 0, made.stderr
        definition = watched.tree / "modules" / "gifts" / "definition.py"
        with httpx.Client(base_url=watched.url, headers=ACME) as client:

            def mounted() -> bool:  # touched again until the watcher (starting too) sees it
                if client.get(items).json().get("code") == "module_disabled":
                    return True
                definition.touch()
                time.sleep(0.5)
                return False

            wait_for(mounted, within=30)  # running, and on for no tenant yet
            enabled = watched.modstack("enable", "gifts", "--tenant", "acme", "--yes")
            assert enabled.returncode == 0, enabled.stderr
            wait_for(lambda: client.get(items).status_code == 200, within=5)
            added = client.post(items, json={"name": "first"})
            assert added.status_code == 201, added.text
            assert client.get(items).json() == [added.json()]
        print(f"modstack new module -> served for acme in {time.monotonic() - started_at:.1f} s")
    finally:
        watched.close()


def test_reload_without_a_token_says_how_to_give_one(server: Server) -> None:
    env = {k: v for k, v in server.env.items() if k != "MODSTACK_ADMIN_TOKEN"}
    refused = subprocess.run(
        [sys.executable, "-m", "modstack", "reload", "payments", "--url", server.url],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert refused.returncode == 1
    assert "pass --token or set MODSTACK_ADMIN_TOKEN" in refused.stderr
