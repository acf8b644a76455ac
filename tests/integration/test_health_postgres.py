"""Readiness reports the tenancy store: with PostgreSQL down, ``/health`` answers 503
``ready: false`` (and 200 again once it is back), while liveness stays true."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from modstack.fastapi import create_app
from modstack.settings import ModstackSettings
from tests.integration.servers import PostgresServer

WEB_APP = Path(__file__).parents[1] / "assets/web-app"


def eventually(check: Callable[[], Any], *, timeout: float = 15.0) -> Any:
    """``check()``'s value once it stops raising AssertionError (the probe's answer is
    reused for a second)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_health_is_not_ready_while_postgresql_is_down(own_postgres: PostgresServer) -> None:
    settings = ModstackSettings(
        modules=str(WEB_APP / "modules"),
        database_url=own_postgres.create_database("health"),
        environment="test",
        admin_token="test-admin-token",
        _env_file=None,  # type: ignore[call-arg]
    )
    with TestClient(create_app(settings=settings, templates=WEB_APP / "templates")) as client:
        ready = client.get("/health")
        assert (ready.status_code, ready.json()) == (
            200,
            {"status": "ok", "live": True, "ready": True},
        )
        own_postgres.stop()

        def not_ready() -> None:
            answer = client.get("/health")
            assert answer.status_code == 503
            assert answer.json() == {"status": "unavailable", "live": True, "ready": False}

        eventually(not_ready)
        status = client.get("/modules/status", headers={"Authorization": "Bearer test-admin-token"})
        assert status.json()["store"] == "unreachable"
        own_postgres.start()

        def ready_again() -> None:
            assert client.get("/health").status_code == 200

        eventually(ready_again)
