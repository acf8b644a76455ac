"""Integers a client sends are bounded: out-of-range ids, prices, quantities and stock
changes answer 4xx, never a 500 from the database driver."""

from __future__ import annotations

from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.marketplace.conftest import ADMIN, shopper, vendor
from tests.marketplace.test_shop import CUSTOMER, product_id

HUGE = 99999999999999999999999
EDGES = [0, -1, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, HUGE, -HUGE]
ANY_INT = st.one_of(st.integers(), st.integers(-(2**80), 2**80), st.sampled_from(EDGES))


def test_a_huge_id_in_the_path_is_refused_not_a_500(client: TestClient) -> None:
    acme, acme_vendor = shopper(client, "acme"), vendor(client, "acme")
    answers = [
        acme.get(f"/api/v1/storefront/catalog/products/{HUGE}"),
        acme.get(f"/storefront/catalog/{HUGE}"),
        acme.put(f"/api/v1/storefront/cart/items/{HUGE}", json={"quantity": 1}),
        acme_vendor.get(f"/api/v1/vendor/marketplace/imports/{HUGE}"),
        acme_vendor.patch(f"/api/v1/vendor/catalog/products/{HUGE}", json={"price_cents": 1}),
    ]
    assert [answer.status_code for answer in answers] == [422] * len(answers)
    assert "product_id" in answers[0].text


def test_no_integer_makes_an_endpoint_fail(client: TestClient) -> None:
    acme, acme_vendor = shopper(client, "acme"), vendor(client, "acme")
    mug = product_id(acme, "ACME-MUG")

    @settings(max_examples=150, deadline=None)
    @given(number=ANY_INT)
    def no_500(number: int) -> None:
        answers = {
            "product": acme.get(f"/api/v1/storefront/catalog/products/{number}"),
            "page": acme.get(f"/storefront/catalog/{number}"),
            "add": acme.post("/api/v1/storefront/cart/items", json={"product_id": number}),
            "quantity": acme.put(f"/api/v1/storefront/cart/items/{number}", json={"quantity": 1}),
            "import": acme_vendor.get(f"/api/v1/vendor/marketplace/imports/{number}"),
            "adjust": acme_vendor.post(
                "/api/v1/vendor/inventory/stock/adjust", json={"sku": "ACME-MUG", "delta": number}
            ),
            "price": acme_vendor.patch(
                f"/api/v1/vendor/catalog/products/{mug}", json={"price_cents": number}
            ),
            "new": acme_vendor.post(
                "/api/v1/vendor/catalog/products",
                json={"sku": "FUZZ-1", "name": "Fuzz", "price_cents": number},
            ),
        }
        failed = {what: answer.status_code for what, answer in answers.items()}
        assert all(status < 500 for status in failed.values()), (number, failed)

    no_500()


def test_stock_cannot_be_raised_past_its_limit(client: TestClient) -> None:
    acme_vendor = vendor(client, "acme")
    adjust = "/api/v1/vendor/inventory/stock/adjust"
    first = acme_vendor.post(adjust, json={"sku": "ACME-MUG", "delta": 1_000_000_000})
    second = acme_vendor.post(adjust, json={"sku": "ACME-MUG", "delta": 1_000_000_000})

    assert first.status_code == 409, first.text
    assert "more than the 1000000000 allowed" in first.json()["detail"]
    assert second.status_code == 409


def test_an_order_too_large_for_its_total_is_refused_before_any_charge(
    client: TestClient,
) -> None:
    acme, acme_vendor = shopper(client, "acme"), vendor(client, "acme")
    for sku in ("ACME-MUG", "ACME-BAG", "ACME-KNIFE"):
        item = product_id(acme, sku)
        changed = acme_vendor.patch(
            f"/api/v1/vendor/catalog/products/{item}", json={"price_cents": 10_000_000}
        )
        assert changed.status_code == 200, changed.text
        added = acme.post(
            "/api/v1/storefront/cart/items", json={"product_id": item, "quantity": 99}
        )
        assert added.status_code == 201, added.text

    refused = acme.post("/api/v1/storefront/checkout/", json=CUSTOMER)

    assert refused.status_code == 400, refused.text
    assert refused.json()["code"] == "order_too_large"
    gateway = client.app.state.modstack.services.get_service("payment_gateway")  # type: ignore[attr-defined]
    assert gateway.calls == 0


def test_the_gateway_simulation_refuses_an_endless_delay(client: TestClient) -> None:
    url = "/t/acme/api/v1/admin/payments/gateway"
    for seconds in (1e308, 601):
        refused = client.put(url, json={"mode": "slow", "slow_seconds": seconds}, headers=ADMIN)
        assert refused.status_code == 422, refused.text
    assert client.get(url, headers=ADMIN).json()["mode"] == "ok"
