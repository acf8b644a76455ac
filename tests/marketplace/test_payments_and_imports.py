"""The payment gateway failing (retries, the breaker, a clear answer, nothing
half-written, recovery), and the feed import as a background task."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from tests.marketplace.conftest import ADMIN, eventually, shopper, vendor
from tests.marketplace.test_shop import CUSTOMER, counts, product_id


def gateway(client: TestClient, **behaviour: object) -> dict[str, object]:
    url = "/api/v1/admin/payments/gateway"
    if behaviour:
        answer = client.put(url, json=behaviour, headers=ADMIN)
    else:
        answer = client.get(url, headers=ADMIN)
    assert answer.status_code == 200, answer.text
    data: dict[str, object] = answer.json()
    return data


def test_a_failing_gateway_is_retried_then_the_breaker_opens_and_then_closes(
    client: TestClient,
) -> None:
    acme = shopper(client, "acme")
    mug = product_id(acme, "ACME-MUG")
    acme.post("/api/v1/storefront/cart/items", json={"product_id": mug, "quantity": 2})
    gateway(acme, mode="fail")
    before = counts()

    failures = [acme.post("/api/v1/storefront/checkout/", json=CUSTOMER) for _ in range(3)]

    assert [f.status_code for f in failures] == [502, 502, 502]
    assert failures[0].json()["code"] == "payment_failed"
    assert "nothing was charged and no order was created" in failures[0].json()["detail"]
    assert gateway(acme)["calls"] == 9  # three attempts per checkout
    assert gateway(acme)["breaker"] == "open"  # three failed checkouts in a row

    fast = acme.post("/api/v1/storefront/checkout/", json=CUSTOMER)
    assert fast.status_code == 503
    assert fast.json()["code"] == "payment_unavailable"
    assert "try again in" in fast.json()["detail"]
    assert int(fast.headers["Retry-After"]) >= 1
    assert gateway(acme)["calls"] == 9  # the open breaker did not call the gateway

    after = counts()
    assert after == {**before, "checkout_attempts": before["checkout_attempts"] + 4}
    assert len(acme.get("/api/v1/storefront/cart/").json()["items"]) == 1  # the cart is kept
    outcomes = _attempt_outcomes()
    assert outcomes[-4:] == ["payment_failed"] * 3 + ["payment_unavailable"]

    gateway(acme, mode="ok")
    time.sleep(0.6)  # the recovery timeout (0.5 s in these tests)
    placed = acme.post("/api/v1/storefront/checkout/", json=CUSTOMER)
    assert placed.status_code == 201, placed.text
    assert gateway(acme)["breaker"] == "closed"
    assert counts()["orders"] == before["orders"] + 1
    eventually(lambda: _more_invoices(before["invoices"]))


def test_a_slow_gateway_times_out_and_nothing_is_written(client: TestClient) -> None:
    acme = shopper(client, "acme")
    acme.post("/api/v1/storefront/cart/items", json={"product_id": product_id(acme, "ACME-MAT")})
    gateway(acme, mode="slow", slow_seconds=1.0)  # the call timeout is 0.3 s in these tests
    before = counts()

    slow = acme.post("/api/v1/storefront/checkout/", json=CUSTOMER)

    assert slow.status_code == 502
    assert "TimeoutError" in slow.json()["detail"]
    assert counts() == {**before, "checkout_attempts": before["checkout_attempts"] + 1}


def test_the_admin_token_guards_the_gateway_switch(client: TestClient) -> None:
    acme = shopper(client, "acme")
    refused = acme.put("/api/v1/admin/payments/gateway", json={"mode": "fail"})
    assert refused.status_code == 401
    assert gateway(acme)["mode"] == "ok"


def _attempt_outcomes() -> list[str]:
    import sqlalchemy as sa

    from app import db

    with db.read() as session:
        return list(session.scalars(sa.text("SELECT outcome FROM checkout_attempts ORDER BY id")))


def wait_for_import(client: TestClient, import_id: int) -> dict[str, object]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found: dict[str, object] = client.get(
            f"/api/v1/vendor/marketplace/imports/{import_id}"
        ).json()
        if found["status"] not in ("queued",):
            return found
        time.sleep(0.05)
    raise AssertionError(f"import {import_id} did not finish")


def test_a_feed_import_runs_as_a_task_and_fills_catalog_and_stock(client: TestClient) -> None:
    acme = vendor(client, "acme")  # imports are the vendor's
    started = acme.post("/api/v1/vendor/marketplace/imports", json={"feed": "sample"})
    assert started.status_code == 202
    done = wait_for_import(acme, started.json()["id"])

    assert done["status"] == "done"
    assert done["rows_imported"] == 3
    tent = next(
        p
        for p in acme.get("/api/v1/storefront/catalog/products").json()
        if p["sku"] == "ACME-TENT-2"
    )
    assert tent["price_cents"] == 18900
    assert tent["available"] == 12


def test_a_feed_with_bad_rows_reports_each_by_line_and_keeps_the_good_ones(
    client: TestClient,
) -> None:
    acme = vendor(client, "acme")  # imports are the vendor's
    feed = (
        "sku,name,description,price,stock,location\n"
        "ACME-CUP,Cup,,4.50,10,main\n"
        "ACME-POT,Pot,,cheap,3,main\n"
        "ACME-PAN,,,12.00,-1,main\n"
    )
    started = acme.post("/api/v1/vendor/marketplace/imports", json={"csv": feed})
    done = wait_for_import(acme, started.json()["id"])

    assert done["status"] == "partial"
    assert done["rows_imported"] == 1
    assert done["errors"][0] == "line 3: price 'cheap' is not a number"
    assert done["errors"][1].startswith("line 4: name: String should have at least 1 character")
    assert "stock: Input should be greater than or equal to 0" in done["errors"][1]
    skus = {p["sku"] for p in acme.get("/api/v1/storefront/catalog/products").json()}
    assert "ACME-CUP" in skus
    assert "ACME-POT" not in skus


def test_an_unknown_bundled_feed_is_named(client: TestClient) -> None:
    acme = vendor(client, "acme")  # imports are the vendor's
    missing = acme.post("/api/v1/vendor/marketplace/imports", json={"feed": "nope"})
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no bundled feed 'nope' (known: sample)"


def _more_invoices(before: int) -> None:
    assert counts()["invoices"] == before + 1
