"""What every adapter reads the same way from a request's path: a tenant named in a path
prefix (``/t/<tenant>/...``). The gate answers through the prefix as through a header;
only the first valid segment names the tenant; a segment that is no tenant name names
none. Each adapter takes its own resolver type, so the apps are built here."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import Adapter, Answer, Client

PING = "/api/v1/vendor/notes/ping"


@contextmanager
def _fastapi_prefixed(settings: ModstackSettings) -> Iterator[Client]:
    from fastapi.testclient import TestClient

    from modstack.fastapi import PathPrefixTenantResolver, create_app

    app = create_app(settings=settings, tenant_resolver=PathPrefixTenantResolver("/t"))
    with TestClient(app) as client:

        def send(method: str, path: str, headers: Mapping[str, str]) -> Answer:
            response = client.request(method, path, headers=dict(headers))
            is_json = response.headers.get("content-type", "").startswith("application/json")
            return Answer(response.status_code, response.text, response.json() if is_json else None)

        yield Client(send, app.state.modstack.core)


@contextmanager
def _flask_prefixed(settings: ModstackSettings) -> Iterator[Client]:
    from modstack.flask import create_app
    from modstack.web.tenants import PathPrefixTenant

    app = create_app(settings=settings, tenant_resolver=PathPrefixTenant("/t"))
    stack = app.extensions["modstack"]
    stack.start()
    try:
        client = app.test_client()

        def send(method: str, path: str, headers: Mapping[str, str]) -> Answer:
            response = client.open(path, method=method, headers=dict(headers))
            body = response.get_data(as_text=True)
            response.close()
            return Answer(response.status_code, body, response.get_json(silent=True))

        yield Client(send, stack.core)
    finally:
        stack.stop()


PREFIXED: dict[str, Callable[[ModstackSettings], AbstractContextManager[Client]]] = {
    "fastapi": _fastapi_prefixed,
    "flask": _flask_prefixed,
}


def test_the_gate_answers_through_a_tenant_path_prefix(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with PREFIXED[adapter.name](settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        admitted = app.get(f"/t/acme{PING}")
        assert (admitted.status, admitted.json) == (200, {"module": "notes", "tenant": "acme"})
        disabled = app.get(f"/t/globex{PING}")
        assert (disabled.status, disabled.json["code"]) == (403, "module_disabled")
        unknown = app.get(f"/t/nobody{PING}")
        assert (unknown.status, unknown.json["code"]) == (404, "tenant_not_found")
        missing = app.get(PING, **{"X-Tenant": "acme"})  # a header names no tenant here
        assert (missing.status, missing.json["code"]) == (400, "tenant_required")
        page = app.get("/t/acme/vendor/notes")
        assert (page.status, "Hello &lt;world&gt;" in page.text) == (200, True)


def test_only_the_first_valid_path_segment_names_the_tenant(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with PREFIXED[adapter.name](settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        assert app.get(f"/t/globex/t/acme{PING}").status == 404  # globex asks for /t/acme/...
        assert app.get(f"/t/acme/t/acme{PING}").status == 404
        for not_a_tenant in ("a%20b", "-acme", "%3Cb%3E"):  # no route: the path stays as it is
            assert app.get(f"/t/{not_a_tenant}{PING}").status == 404, not_a_tenant
        unknown = app.get(f"/t/ACME{PING}")  # a valid name, but no such tenant
        assert (unknown.status, unknown.json["code"]) == (404, "tenant_not_found")
