"""The gate fails closed: a module's handler runs only when the gate admitted the request
for that module — behind a root_path, after a repeated tenant prefix, over a WebSocket,
for a module that failed at startup. The handlers' own record is the oracle."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse

from modstack.fastapi import PathPrefixTenantResolver
from modstack.settings import ModstackSettings
from tests.adapters.fastapi.gate_app import calls_of, running, send

EXAMPLE = Path(__file__).parents[3] / "examples/marketplace"


@pytest.fixture
def gate(tmp_path: Path) -> Iterator[TestClient]:
    with running(f"sqlite:///{tmp_path / 'gate.db'}") as client:
        calls_of(client).clear()
        yield client


def acme(**headers: str) -> dict[str, str]:
    return {"X-Tenant": "acme", **headers}


@pytest.fixture
def marketplace(tmp_path: Path) -> Iterator[TestClient]:
    if str(EXAMPLE) not in sys.path:
        sys.path.insert(0, str(EXAMPLE))
    from app.main import build
    from app.seed import prepare

    url = f"sqlite:///{tmp_path / 'marketplace.db'}"
    prepare(url)
    settings = ModstackSettings(database_url=url, environment="test", _env_file=None)  # type: ignore[call-arg]
    with TestClient(build(settings)) as client:
        yield client


def rows(client: TestClient, table: str) -> int:
    engine = client.app.state.modstack.tenancy.store.engine  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return int(connection.scalar(sa.text(f"SELECT count(*) FROM {table}")) or 0)


def test_a_repeated_tenant_prefix_reaches_no_handler(marketplace: TestClient) -> None:
    book = next(
        p["id"]
        for p in marketplace.get("/t/bookworm/api/v1/storefront/catalog/products").json()
        if p["sku"] == "BW-0002"
    )
    carts, products = rows(marketplace, "cart_items"), rows(marketplace, "products")
    twice = "/t/bookworm/t/bookworm/api/v1/storefront/cart/items"
    assert marketplace.post(twice, json={"product_id": book}).status_code == 404
    product = {"sku": "LEAK-1", "name": "Leak", "price_cents": 100}
    ledger = "/t/ledger/t/ledger/api/v1/vendor/catalog/products"
    assert marketplace.post(ledger, json=product).status_code == 404
    assert (rows(marketplace, "cart_items"), rows(marketplace, "products")) == (carts, products)
    # The single prefix is gated as before; the other tenant's prefix inside is just a path.
    once = marketplace.post("/t/bookworm/api/v1/storefront/cart/items", json={"product_id": book})
    assert once.json()["code"] == "module_disabled"
    assert marketplace.get("/t/acme/t/bookworm/api/v1/storefront/cart/").status_code == 404


def test_the_path_prefix_resolver_routes_exactly_the_rest() -> None:
    resolve = PathPrefixTenantResolver("/t")
    twice = {"type": "http", "path": "/t/a/t/a/api/x", "root_path": "", "headers": []}
    assert resolve(twice) == "a"
    assert (twice["path"], twice["root_path"]) == ("/t/a/t/a/api/x", "/t/a")  # ASGI form
    behind = {"type": "http", "path": "/shop/t/a/api/x", "root_path": "/shop", "headers": []}
    assert resolve(behind) == "a"
    assert (behind["path"], behind["root_path"]) == ("/shop/t/a/api/x", "/shop/t/a")


@pytest.mark.parametrize("path_has_root", [True, False], ids=["asgi-path", "bare-path"])
def test_behind_a_root_path_every_module_route_is_gated(
    gate: TestClient, path_has_root: bool
) -> None:
    behind = TestClient(gate.app, root_path="/shop")
    base = "/shop" if path_has_root else ""
    url = f"{base}/api/v1/storefront/%s/items/7"
    answers = {
        "disabled": behind.get(url % "shut", headers=acme()),
        "unknown tenant": behind.get(url % "open", headers={"X-Tenant": "ghost"}),
        "no tenant": behind.get(url % "open"),
        "failed module": behind.get(url % "failing", headers=acme()),
        "failed module's page": behind.get(f"{base}/storefront/failing-page", headers=acme()),
    }
    assert {name: answer.status_code for name, answer in answers.items()} == {
        "disabled": 403, "unknown tenant": 404, "no tenant": 400,
        "failed module": 503, "failed module's page": 503,
    }  # fmt: skip
    assert calls_of(gate) == []
    assert behind.get(url % "open", headers=acme()).json() == {"module": "open", "item": "7"}
    assert calls_of(gate) == [("open", "acme", "item 7")]


def test_a_module_websocket_runs_only_for_a_tenant_with_the_module(gate: TestClient) -> None:
    with gate.websocket_connect("/api/v1/storefront/open/live", headers=acme()) as socket:
        assert socket.receive_json() == {"module": "open", "tenant": "acme"}
    refused = {
        "disabled for the tenant": ("open", {"X-Tenant": "globex"}),
        "module off": ("shut", acme()),
        "no tenant": ("open", {}),
        "unknown tenant": ("open", {"X-Tenant": "ghost"}),
        "failed module": ("failing", acme()),
    }
    statuses = {}
    for name, (code, headers) in refused.items():
        with (
            pytest.raises(WebSocketDenialResponse) as denied,
            gate.websocket_connect(f"/api/v1/storefront/{code}/live", headers=headers),
        ):
            pass
        statuses[name] = denied.value.status_code
    assert statuses == {
        "disabled for the tenant": 403, "module off": 403, "no tenant": 400,
        "unknown tenant": 404, "failed module": 503,
    }  # fmt: skip
    assert calls_of(gate) == [("open", "acme", "websocket")]


def test_a_websocket_without_the_denial_extension_is_closed_unaccepted(gate: TestClient) -> None:
    scope = {"type": "websocket", "scheme": "ws", "path": "/api/v1/storefront/shut/live",
             "headers": [(b"x-tenant", b"acme")]}  # fmt: skip
    answer = send(gate, scope)
    closed = {"type": "websocket.close", "code": 1008, "reason": "module_disabled"}
    assert answer.messages == [closed]
    assert calls_of(gate) == []


def test_a_failed_modules_routes_answer_503_and_never_run(gate: TestClient) -> None:
    for method, path in [("GET", "/any"), ("POST", "/items"), ("HEAD", "/any"),
                         ("OPTIONS", "/any"), ("GET", "/nothing-here")]:  # fmt: skip
        answer = gate.request(method, f"/api/v1/storefront/failing{path}", headers=acme())
        assert answer.status_code == 503, (method, path)
    page = gate.get("/storefront/failing-page", headers=acme())
    assert (page.status_code, page.json()["state"]) == (503, "failed")
    assert calls_of(gate) == []


def test_pages_are_module_routes_gated_at_the_route(gate: TestClient) -> None:
    assert gate.get("/storefront/open-page", headers=acme()).status_code == 200
    refused = [
        gate.get("/storefront/open-page", headers={"X-Tenant": "globex"}).status_code,
        gate.get("/storefront/shut-page", headers=acme()).status_code,
        gate.get("/storefront/open-page").status_code,
        gate.head("/storefront/shut-page", headers=acme()).status_code,
    ]
    assert refused == [403, 403, 400, 403]
    assert calls_of(gate) == [("open", "acme", "page")]


def test_a_module_static_file_is_served_while_the_module_is_active(gate: TestClient) -> None:
    assert gate.get("/static/modules/open/app.js").text == 'console.log("open");\n'


def test_a_route_the_gate_cannot_guard_fails_its_module_with_nothing_mounted(
    tmp_path: Path,
) -> None:
    module = tmp_path / "modules/spa"
    (module / "routes/api").mkdir(parents=True)
    (module / "dist").mkdir()
    (module / "dist/index.html").write_text("<p>spa</p>")
    (module / "definition.py").write_text(
        "from modstack import ModuleDefinition\n\nspa = ModuleDefinition('spa')\n"
    )
    (module / "routes/api/storefront.py").write_text(
        "from pathlib import Path\nfrom fastapi import APIRouter\n\nrouter = APIRouter()\n"
        "router.frontend('/', directory=Path(__file__).parents[2] / 'dist')\n"
    )
    settings = ModstackSettings(
        modules=str(tmp_path / "modules"), database_url=f"sqlite:///{tmp_path / 'spa.db'}",
        environment="test", _env_file=None,  # type: ignore[call-arg]
    )  # fmt: skip
    from modstack.fastapi import create_app

    app = create_app(settings=settings)
    with TestClient(app) as client:
        app.state.modstack.tenancy.create_tenant("acme", modules=["spa"])
        runtime = app.state.modstack.kernel.modules["spa"]
        assert runtime.state.value == "failed"
        assert "`router.frontend(...)` is not supported" in runtime.reason
        assert "routes/api/storefront.py" in runtime.reason
        answer = client.get("/api/v1/storefront/spa/", headers=acme())
        assert answer.status_code == 503
        assert "<p>spa</p>" not in answer.text


def test_an_app_mounted_inside_another_is_gated_the_same(tmp_path: Path) -> None:
    from collections.abc import AsyncIterator
    from contextlib import asynccontextmanager

    from fastapi import FastAPI

    from modstack.fastapi import create_app
    from tests.adapters.fastapi.gate_app import GATE_APP, TENANTS

    settings = ModstackSettings(
        modules=str(GATE_APP / "modules"), database_url=f"sqlite:///{tmp_path / 'm.db'}",
        environment="test", _env_file=None,  # type: ignore[call-arg]
    )  # fmt: skip
    inner = create_app(settings=settings, templates=GATE_APP / "templates")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner.router.lifespan_context(inner):
            yield

    outer = FastAPI(lifespan=lifespan)
    outer.mount("/shop", inner)
    with TestClient(outer) as client:
        for tenant, modules in TENANTS.items():
            inner.state.modstack.tenancy.create_tenant(tenant, modules=modules)
        calls = calls_of(TestClient(inner))
        calls.clear()
        url = "/shop/api/v1/storefront/%s/items/7"
        statuses = [
            client.get(url % "shut", headers=acme()).status_code,
            client.get(url % "open", headers={"X-Tenant": "globex"}).status_code,
            client.get(url % "failing", headers=acme()).status_code,
            client.get("/shop/storefront/shut-page", headers=acme()).status_code,
            client.get(url % "open", headers=acme()).status_code,
        ]
        assert statuses == [403, 403, 503, 403, 200]
        assert calls == [("open", "acme", "item 7")]
