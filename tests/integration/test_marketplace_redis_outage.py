"""The marketplace with Redis down: checkouts still charge and place orders (breakers are
kept in the process), and no answer carries an internal address."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from modstack.settings import ModstackSettings
from tests.integration.servers import RedisServer
from tests.marketplace.conftest import TOKEN, shopper
from tests.marketplace.test_shop import CUSTOMER, product_id

CHECKOUT = "/api/v1/storefront/checkout/"


def test_checkout_works_while_redis_is_down_and_leaks_no_address(
    own_redis: RedisServer, tmp_path: Path
) -> None:
    from app.main import build
    from app.seed import prepare

    url = f"sqlite:///{tmp_path / 'marketplace.db'}"
    prepare(url)
    settings = ModstackSettings(
        database_url=url,
        redis_url=own_redis.url,
        admin_token=TOKEN,
        environment="test",
        _env_file=None,  # type: ignore[call-arg]
    )
    app = build(settings)
    with TestClient(app) as client:
        acme = shopper(client, "acme")
        mug = product_id(acme, "ACME-MUG")
        own_redis.stop()
        acme.post("/api/v1/storefront/cart/items", json={"product_id": mug})

        placed = acme.post(CHECKOUT, json=CUSTOMER)

        assert placed.status_code == 201, placed.text
        gateway = app.state.modstack.services.get_service("payment_gateway")
        assert list(gateway.charges) == [placed.json()["payment_reference"]]
        empty = acme.post(CHECKOUT, json=CUSTOMER)
        assert empty.json()["code"] == "cart_empty"
        for answer in (placed, empty):
            assert "127.0.0.1" not in answer.text
            assert str(own_redis.port) not in answer.text
            assert "redis" not in answer.text.lower()
        metrics = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).text
        assert "modstack_breaker_store_degraded 1.0" in metrics
