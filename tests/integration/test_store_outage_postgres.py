"""PostgreSQL stopped under a running marketplace: module API routes and pages answer
503 ``store_unavailable`` in JSON — no traceback, no internal address — and work again
once the server is back."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from modstack.settings import ModstackSettings
from tests.integration.servers import PostgresServer
from tests.marketplace.conftest import EXAMPLE  # noqa: F401 - puts the app on sys.path

PAGES_AND_API = (
    "/t/acme/storefront/catalog",
    "/t/acme/storefront/cart",
    "/t/acme/api/v1/storefront/catalog/products",
    "/t/acme/api/v1/storefront/cart/",
)


def test_module_routes_answer_503_store_unavailable_while_postgres_is_down(
    own_postgres: PostgresServer,
) -> None:
    from app.main import build
    from app.seed import prepare

    url = own_postgres.create_database(f"t_{uuid.uuid4().hex[:12]}")
    prepare(url)
    settings = ModstackSettings(
        database_url=url,
        environment="test",
        staleness=3600,  # the gate answers from its cache: the routes meet the outage
        _env_file=None,  # type: ignore[call-arg]
    )
    app = build(settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        product = client.get("/t/acme/api/v1/storefront/catalog/products").json()[0]["id"]
        client.post("/t/acme/api/v1/storefront/cart/items", json={"product_id": product})
        for path in PAGES_AND_API:
            assert client.get(path).status_code == 200, path
        own_postgres.stop()
        try:
            for path in PAGES_AND_API:
                answer = client.get(path)
                assert answer.status_code == 503, (path, answer.text)
                assert answer.json()["code"] == "store_unavailable"
                for secret in ("127.0.0.1", str(own_postgres.port), "Traceback", "psycopg"):
                    assert secret not in answer.text, (path, answer.text)
            checkout = client.post(
                "/t/acme/api/v1/storefront/checkout/", json={"email": "a@example.com", "name": "A"}
            )
            assert checkout.status_code == 503, checkout.text
            assert checkout.json()["code"] == "store_unavailable"
        finally:
            own_postgres.start()
        for path in PAGES_AND_API:
            assert client.get(path).status_code == 200, path
