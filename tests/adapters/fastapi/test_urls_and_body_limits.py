"""``url_for`` for module routes and static files, the seed's ``APIRouter(prefix=...)``
mounted once, and the request body limit (default, per route, chunked or lying)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from modstack.settings import ModstackSettings
from tests.adapters.fastapi.gate_app import calls_of, running, send

MIB = 1024 * 1024
ACME = {"X-Tenant": "acme"}


@pytest.fixture
def gate(tmp_path: Path) -> Iterator[TestClient]:
    with running(f"sqlite:///{tmp_path / 'gate.db'}") as client:
        calls_of(client).clear()
        yield client


def chunks(size: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """``size`` bytes in pieces: the client sends them chunked, without Content-Length."""
    while size > 0:
        yield b"x" * min(chunk, size)
        size -= chunk


def test_url_for_builds_module_route_and_static_urls(gate: TestClient) -> None:
    page = gate.get("/storefront/open-page", headers=ACME)
    assert page.status_code == 200
    assert 'src="http://testserver/static/modules/open/app.js"' in page.text
    assert 'href="http://testserver/api/v1/storefront/open/items/42"' in page.text


def test_url_for_keeps_the_tenant_prefix(tmp_path: Path) -> None:
    from modstack.fastapi import PathPrefixTenantResolver

    database = f"sqlite:///{tmp_path / 'gate.db'}"
    with running(database, PathPrefixTenantResolver("/t")) as client:
        page = client.get("/t/acme/storefront/open-page")
        assert 'src="http://testserver/t/acme/static/modules/open/app.js"' in page.text


def test_a_router_with_the_modules_own_prefix_is_not_mounted_twice(gate: TestClient) -> None:
    assert gate.get("/api/v1/vendor/billing/invoices", headers=ACME).json() == {"invoices": [1, 2]}
    assert gate.get("/api/v1/vendor/billing/usage", headers=ACME).json() == {"used": 3}
    assert gate.get("/api/v1/vendor/billing/billing/invoices", headers=ACME).status_code == 404
    refused = gate.get("/api/v1/vendor/billing/invoices", headers={"X-Tenant": "globex"})
    assert refused.json()["code"] == "module_disabled"


def test_a_body_over_one_mib_is_refused_413_when_chunked(gate: TestClient) -> None:
    url = "/api/v1/storefront/open/items"
    assert gate.post(url, headers=ACME, content=chunks(MIB)).json() == {"received": MIB}
    too_big = gate.post(url, headers=ACME, content=chunks(MIB + 1))
    assert too_big.status_code == 413
    assert calls_of(gate) == [("open", "acme", "add")]  # the handler never saw the big one


def test_a_lying_content_length_does_not_lift_the_limit(gate: TestClient) -> None:
    scope = {
        "type": "http", "method": "POST", "scheme": "http",
        "path": "/api/v1/storefront/open/items",
        "headers": [(b"x-tenant", b"acme"), (b"content-length", b"10")],
    }  # fmt: skip
    answer = send(gate, scope, list(chunks(2 * MIB)))
    assert answer.status == 413
    assert calls_of(gate) == []


def test_a_route_raises_or_lowers_the_limit(gate: TestClient) -> None:
    upload, note = "/api/v1/storefront/open/upload", "/api/v1/storefront/open/note"
    assert gate.post(upload, headers=ACME, content=chunks(3 * MIB)).json() == {"received": 3 * MIB}
    assert gate.post(upload, headers=ACME, content=chunks(5 * MIB)).status_code == 413
    assert gate.post(note, headers=ACME, content=b"x" * 512).json() == {"received": 512}
    assert gate.post(note, headers=ACME, content=chunks(2048, 256)).status_code == 413


def test_the_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODSTACK_MAX_BODY_SIZE", "100")
    assert ModstackSettings(_env_file=None).max_body_size == 100  # type: ignore[call-arg]
    with running(f"sqlite:///{tmp_path / 'gate.db'}", max_body_size=100) as client:
        url = "/api/v1/storefront/open/items"
        assert client.post(url, headers=ACME, content=b"x" * 100).status_code == 201
        assert client.post(url, headers=ACME, content=chunks(101, 10)).status_code == 413
