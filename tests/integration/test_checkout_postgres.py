"""Parallel checkouts of one cart on a real PostgreSQL server: one order, one charge."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.marketplace.conftest import shopper
from tests.marketplace.test_checkout_claims import (
    CHECKOUT,
    assert_one_order_one_charge,
    parallel_checkouts,
    slow_gateway_app,
)
from tests.marketplace.test_shop import CUSTOMER, counts, product_id


def test_parallel_checkouts_of_one_cart_on_postgres_place_one_order_and_charge_once(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.seed import prepare

    prepare(pg_url)
    app = slow_gateway_app(pg_url, monkeypatch)
    with TestClient(app) as client:
        acme = shopper(client, "acme")
        mug = product_id(acme, "ACME-MUG")
        acme.post("/api/v1/storefront/cart/items", json={"product_id": mug})
        before = counts()

        answers = parallel_checkouts(acme)

        assert_one_order_one_charge(app, answers)
        after = counts()
        assert after["orders"] == before["orders"] + 1
        assert after["payments"] == before["payments"] + 1
        again = acme.post(CHECKOUT, json=CUSTOMER)
        assert (again.status_code, again.json()["code"]) == (400, "cart_empty")
