"""The reference marketplace (examples/marketplace), on a fresh seeded SQLite database
per test, served in process; and the demo command, run as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import httpx2 as httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

EXAMPLE = Path(__file__).parents[2] / "examples/marketplace"
if str(EXAMPLE) not in sys.path:
    sys.path.insert(0, str(EXAMPLE))  # the app's own package: `app`

from app.main import build  # noqa: E402
from app.seed import DEMO_PASSWORDS, prepare, vendor_email  # noqa: E402
from modstack.settings import ModstackSettings  # noqa: E402
from tests.integration.servers import free_port  # noqa: E402, F401 - shared with the tests

T = TypeVar("T")
TOKEN = "test-admin-token"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'marketplace.db'}"
    prepare(url)
    return url


@pytest.fixture
def app(database: str, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    # The breaker closes again quickly, and a slow gateway times out quickly.
    monkeypatch.setenv("SERVICE_PAYMENT_GATEWAY_RECOVERY_TIMEOUT", "0.5")
    monkeypatch.setenv("SERVICE_PAYMENT_GATEWAY_TIMEOUT", "0.3")
    settings = ModstackSettings(
        database_url=database,
        admin_token=TOKEN,
        environment="test",
        staleness=0.2,
        outbox_interval=0.2,
        _env_file=None,  # type: ignore[call-arg]
    )
    return build(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as running:
        yield running


def shopper(client: TestClient, tenant: str) -> TestClient:
    """A client for one tenant's URLs, with its own cookies (its own cart)."""
    return TestClient(client.app, base_url=f"http://testserver/t/{tenant}")


def vendor_token(client: TestClient, tenant: str) -> str:
    """A bearer token for ``tenant``'s demo vendor, from the sign-in API."""
    signed_in = client.post(
        f"http://testserver/t/{tenant}/api/v1/vendor/tenancy/token",
        json={"email": vendor_email(tenant), "password": DEMO_PASSWORDS[tenant]},
    )
    assert signed_in.status_code == 200, signed_in.text
    token: str = signed_in.json()["token"]
    return token


def vendor(client: TestClient, tenant: str) -> TestClient:
    """A client for one tenant's URLs, signed in as that tenant's vendor."""
    return TestClient(
        client.app,
        base_url=f"http://testserver/t/{tenant}",
        headers={"Authorization": f"Bearer {vendor_token(client, tenant)}"},
    )


@dataclass
class Demo:
    """The demo command, running: its base URL, what it printed, its process."""

    url: str
    output: str
    process: subprocess.Popen[str]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(20)
        if self.process.stdout is not None:
            self.process.stdout.close()


def run_demo(data: Path, port: int) -> Demo:
    """Start ``python -m app`` in examples/marketplace, as `make demo` does, and wait
    until it prints the admin token and answers."""
    env = {**os.environ, "MARKETPLACE_DATA": str(data), "MARKETPLACE_PORT": str(port)}
    for name in ("MODSTACK_DATABASE_URL", "MODSTACK_ADMIN_TOKEN", "MODSTACK_SECRET_KEY"):
        env.pop(name, None)
    process = subprocess.Popen(
        [sys.executable, "-m", "app"],
        cwd=EXAMPLE,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "admin token" in line:
            break
    url = f"http://127.0.0.1:{port}"
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return Demo(url, "".join(lines), process)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    process.wait(20)
    process.stdout.close()
    raise AssertionError("the demo did not start:\n" + "".join(lines))


def eventually(check: Callable[[], T], *, timeout: float = 5.0) -> T:
    """``check()``'s value once it stops raising AssertionError: events are delivered
    after the commit, by the request or by the app's next delivery round."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
