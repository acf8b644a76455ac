"""One checkout per cart: parallel checkouts of one cart place one order and charge once;
a claim left by a checkout that died is settled (its charge refunded) and taken over once
it expires; a checkout whose claim was taken over cannot place its order."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import db
from app.main import build
from modstack.settings import ModstackSettings
from tests.marketplace.conftest import TOKEN, shopper
from tests.marketplace.test_shop import CUSTOMER, counts, product_id

CHECKOUT = "/api/v1/storefront/checkout/"
PARALLEL = 6


def slow_gateway_app(database: str, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    """The marketplace with a gateway that takes a while to answer (well within its
    timeout), so parallel checkouts of one cart overlap."""
    monkeypatch.setenv("SERVICE_PAYMENT_GATEWAY_TIMEOUT", "10")
    monkeypatch.setenv("PAYMENTS_GATEWAY_MODE", "slow")
    monkeypatch.setenv("PAYMENTS_SLOW_SECONDS", "0.3")
    settings = ModstackSettings(
        database_url=database, admin_token=TOKEN, environment="test", _env_file=None
    )  # type: ignore[call-arg]
    return build(settings)


def gateway_of(app: FastAPI) -> Any:
    return app.state.modstack.services.get_service("payment_gateway")


def parallel_checkouts(shop: TestClient, count: int = PARALLEL) -> list[tuple[int, str]]:
    """``count`` checkouts of the shopper's cart at once: (status, code) of each."""
    start = threading.Barrier(count)
    answers: list[tuple[int, str]] = []
    lock = threading.Lock()

    def checkout() -> None:
        start.wait(30)
        answer = shop.post(CHECKOUT, json=CUSTOMER)
        with lock:
            answers.append((answer.status_code, answer.json().get("code", "placed")))

    threads = [threading.Thread(target=checkout) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


def assert_one_order_one_charge(app: FastAPI, answers: list[tuple[int, str]]) -> None:
    assert len(answers) == PARALLEL
    assert Counter(status for status, _ in answers)[201] == 1, answers
    refused = {answer for answer in answers if answer[0] != 201}
    # While the winner runs, "in progress"; once its order is written, the cart is empty.
    assert refused <= {(409, "checkout_in_progress"), (400, "cart_empty")}, answers
    gateway = gateway_of(app)
    assert gateway.calls == 1  # the others never reached the gateway
    assert len(gateway.charges) == 1


def test_parallel_checkouts_of_one_cart_place_one_order_and_charge_once(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = slow_gateway_app(database, monkeypatch)
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
        again = acme.post(CHECKOUT, json=CUSTOMER)  # and after it: the cart is empty
        assert (again.status_code, again.json()["code"]) == (400, "cart_empty")


def _cart_of(client: TestClient) -> str:
    cart = client.cookies.get("cart")
    assert cart is not None
    return cart


def _claim(cart: str, reference: str, *, expires_in: float) -> None:
    with db.write() as session:
        session.execute(
            sa.text(
                "INSERT INTO checkout_claims (cart_id, tenant, reference, expires_at) "
                "VALUES (:cart, 'acme', :reference, :expires)"
            ),
            {
                "cart": cart,
                "reference": reference,
                "expires": datetime.now(UTC) + timedelta(seconds=expires_in),
            },
        )


def _claims() -> list[tuple[str, str]]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(sa.text(  # type: ignore[misc]
            "SELECT cart_id, reference FROM checkout_claims"))]  # fmt: skip


def test_a_running_checkout_elsewhere_answers_in_progress_and_charges_nothing(
    client: TestClient,
) -> None:
    acme = shopper(client, "acme")
    acme.post("/api/v1/storefront/cart/items", json={"product_id": product_id(acme, "ACME-MUG")})
    _claim(_cart_of(acme), "pay_other_process", expires_in=60)

    answer = acme.post(CHECKOUT, json=CUSTOMER)

    assert answer.status_code == 409
    assert answer.json()["code"] == "checkout_in_progress"
    assert gateway_of(client.app).calls == 0  # type: ignore[arg-type]
    assert len(acme.get("/api/v1/storefront/cart/").json()["items"]) == 1  # kept
    assert _claims() == [(_cart_of(acme), "pay_other_process")]  # not ours to drop


def test_a_claim_left_by_a_dead_checkout_is_refunded_and_taken_over_once_expired(
    client: TestClient,
) -> None:
    acme = shopper(client, "acme")
    acme.post("/api/v1/storefront/cart/items", json={"product_id": product_id(acme, "ACME-MUG")})
    gateway = gateway_of(client.app)  # type: ignore[arg-type]
    # The dead process claimed the cart and charged, then died before writing the order.
    _claim(_cart_of(acme), "pay_dead_process", expires_in=-1)
    gateway.charge("pay_dead_process", 1200, "EUR")

    gateway.behave("fail")  # the dead one's charge cannot be refunded yet: wait
    waiting = acme.post(CHECKOUT, json=CUSTOMER)
    assert (waiting.status_code, waiting.json()["code"]) == (409, "checkout_in_progress")
    assert "pay_dead_process" in gateway.charges
    assert _claims() == [(_cart_of(acme), "pay_dead_process")]  # settled by the next one

    gateway.behave("ok")
    placed = acme.post(CHECKOUT, json=CUSTOMER)

    assert placed.status_code == 201, placed.text
    assert "pay_dead_process" not in gateway.charges  # refunded
    assert list(gateway.charges) == [placed.json()["payment_reference"]]  # one charge
    assert _claims() == []


def test_a_checkout_whose_claim_was_taken_over_can_neither_charge_nor_place_its_order(
    client: TestClient,
) -> None:
    from app.modules.checkout.exceptions import PaymentRefused
    from app.modules.checkout.services.claims import CartClaims, Claim

    acme = shopper(client, "acme")
    acme.post("/api/v1/storefront/cart/items", json={"product_id": product_id(acme, "ACME-MUG")})
    services = client.app.state.modstack.services  # type: ignore[attr-defined]
    checkout, gateway = services.get_service("checkout"), gateway_of(client.app)  # type: ignore[arg-type]
    slow = CartClaims(seconds=-1).take("acme", _cart_of(acme))  # a claim that outlived itself
    assert isinstance(slow, Claim)
    placed = acme.post(CHECKOUT, json=CUSTOMER)  # the next attempt takes the cart over
    assert placed.status_code == 201, placed.text
    acme.post("/api/v1/storefront/cart/items", json={"product_id": product_id(acme, "ACME-MAT")})
    before = counts()

    # The slow checkout goes on: the takeover refunded (voided) its payment first ...
    with pytest.raises(PaymentRefused, match="cancelled"):
        checkout._checkout(services, "acme", slow, email="a@example.com", name="A")
    # ... and had it charged before that, its order's transaction would not find its claim.
    with db.write() as session:
        assert not CartClaims.finish(session, slow)

    assert slow.reference not in gateway.charges
    assert list(gateway.charges) == [placed.json()["payment_reference"]]
    assert counts() == before  # no order, no payment


def test_a_charge_still_on_its_way_when_its_checkout_timed_out_cannot_land(
    client: TestClient,
) -> None:
    from app.modules.payments.exceptions import PaymentDeclined

    acme = shopper(client, "acme")
    acme.post("/api/v1/storefront/cart/items", json={"product_id": product_id(acme, "ACME-MUG")})
    gateway = gateway_of(client.app)  # type: ignore[arg-type]
    gateway.behave("slow", 1.0)  # the call timeout is 0.3 s in these tests

    answer = acme.post(CHECKOUT, json=CUSTOMER)

    assert (answer.status_code, answer.json()["code"]) == (502, "payment_failed")
    [reference] = gateway.voided  # the checkout refunded what might still be charged
    gateway.behave("ok")
    with pytest.raises(PaymentDeclined, match="cancelled"):
        gateway.charge(reference, 1200, "EUR")  # what the timed-out call does when it lands
    assert gateway.charges == {}
