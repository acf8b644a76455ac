"""tests/assets/gate-app served in process, and raw ASGI requests to it: the gate tests
send paths exactly as a server hands them over (no client normalising them first)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from modstack.fastapi import TenantResolver, create_app
from modstack.settings import ModstackSettings

GATE_APP = Path(__file__).parents[2] / "assets/gate-app"
TENANTS = {"acme": ["open", "billing", "failing"], "globex": []}
"""acme has `open` (and `failing`, which fails at startup), never `shut`; globex nothing."""


@contextmanager
def running(
    database: str, resolver: TenantResolver | None = None, **settings: Any
) -> Iterator[TestClient]:
    """The gate app, started, with tenants acme and globex."""
    options = ModstackSettings(
        modules=str(GATE_APP / "modules"), database_url=database, environment="test",
        _env_file=None, **settings,  # type: ignore[call-arg]
    )  # fmt: skip
    app = create_app(settings=options, tenant_resolver=resolver, templates=GATE_APP / "templates")
    with TestClient(app) as client:
        for tenant, modules in TENANTS.items():
            app.state.modstack.tenancy.create_tenant(tenant, modules=modules)
        yield client


def calls_of(client: TestClient) -> list[tuple[str, str | None, str]]:
    """The handlers' record (module, tenant, what) of the gate app ``client`` serves."""
    package = next(iter(client.app.state.modstack.registry)).package  # type: ignore[attr-defined]
    calls: list[tuple[str, str | None, str]] = importlib.import_module(
        package.rsplit(".", 1)[0] + "._calls"
    ).calls
    return calls


@dataclass
class Answer:
    """What the app sent back: the HTTP status (a WebSocket's denial status, 101 when
    accepted, or its close code), and every message."""

    status: int | None = None
    messages: list[dict[str, Any]] = field(default_factory=list)


def send(client: TestClient, scope: dict[str, Any], body: list[bytes] | None = None) -> Answer:
    """Run one request through the app with ``scope`` as a server would build it
    (``body`` in chunks: no Content-Length unless the headers say so)."""
    full = {
        "asgi": {"version": "3.0"}, "http_version": "1.1", "query_string": b"",
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "root_path": "",
        "state": dict(client.app_state), "extensions": {}, **scope,
    }  # fmt: skip
    full.setdefault("raw_path", full["path"].encode())
    assert client.portal is not None
    return client.portal.call(_drive, client.app, full, body or [])


async def _drive(app: Any, scope: dict[str, Any], body: list[bytes]) -> Answer:
    answer = Answer()
    if scope["type"] == "websocket":
        incoming = [{"type": "websocket.connect"}]
    else:
        chunks = body or [b""]
        incoming = [
            {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
            for i, chunk in enumerate(chunks)
        ]

    async def receive() -> dict[str, Any]:
        if incoming:
            return incoming.pop(0)
        if scope["type"] == "websocket":
            return {"type": "websocket.disconnect", "code": 1000}
        return {"type": "http.disconnect"}

    async def send_message(message: dict[str, Any]) -> None:
        answer.messages.append(message)
        kind = message["type"]
        if kind in ("http.response.start", "websocket.http.response.start"):
            answer.status = message["status"]
        elif kind == "websocket.accept":
            answer.status = 101
        elif kind == "websocket.close" and answer.status is None:
            answer.status = message.get("code", 1000)

    await app(scope, receive, send_message)
    return answer
