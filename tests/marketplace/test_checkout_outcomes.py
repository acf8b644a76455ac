"""What a checkout does with the money when the order's commit is lost, when a refund
fails, and with the lines a shopper adds while it runs; and who sees which orders."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app import db
from app.main import build
from app.modules.orders.models import Order
from modstack.errors import CommitOutcomeUnknownError
from modstack.settings import ModstackSettings
from tests.marketplace.conftest import TOKEN, shopper
from tests.marketplace.test_shop import CUSTOMER, product_id

CHECKOUT = "/api/v1/storefront/checkout/"
ORDERS = "/api/v1/storefront/orders/"


def gateway_of(app: FastAPI) -> Any:
    return app.state.modstack.services.get_service("payment_gateway")


def orders_added(session: Session) -> list[object]:
    """The orders this session adds, noted as each flush writes them. (The identity map
    holds rows weakly: a flushed order nobody references any more may be gone from it.)
    By table, not class: another test may have reloaded the orders module."""
    added: list[object] = []

    def note(flushed: Session, _context: object) -> None:
        added.extend(
            row for row in flushed.new
            if getattr(type(row), "__tablename__", None) == Order.__tablename__
        )  # fmt: skip

    sa.event.listen(session, "after_flush", note)
    return added


def lose_the_commit_answer(monkeypatch: pytest.MonkeyPatch, *, committed: bool) -> None:
    """The order's transaction raises CommitOutcomeUnknownError, as when the connection
    drops during COMMIT: after committing (``committed``) or before."""
    real_write = db.write
    lost = CommitOutcomeUnknownError(
        url="sqlite:///marketplace.db", cause=ConnectionError("connection lost during COMMIT")
    )

    @contextmanager
    def write() -> Iterator[Session]:
        placing = False
        with real_write() as session:
            added = orders_added(session)
            yield session
            session.flush()
            placing = bool(added)
            if placing and not committed:
                raise lost  # rolled back: nothing written
        if placing:
            raise lost  # written, but the answer was lost

    monkeypatch.setattr(db, "write", write)


def fill_cart(shop: TestClient) -> None:
    mug = product_id(shop, "ACME-MUG")
    added = shop.post("/api/v1/storefront/cart/items", json={"product_id": mug, "quantity": 2})
    assert added.status_code == 201, added.text


def orders_paid_with(reference: str) -> list[str]:
    with db.read() as session:
        return list(
            session.scalars(sa.select(Order.number).where(Order.payment_reference == reference))
        )


def test_an_order_committed_before_the_connection_dropped_keeps_its_payment(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme = shopper(client, "acme")
    fill_cart(acme)
    lose_the_commit_answer(monkeypatch, committed=True)

    placed = acme.post(CHECKOUT, json=CUSTOMER)

    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "paid"
    assert orders_paid_with(order["payment_reference"]) == [order["number"]]
    gateway = gateway_of(client.app)  # type: ignore[arg-type]
    assert order["payment_reference"] in gateway.charges  # not refunded
    assert order["payment_reference"] not in gateway.voided
    monkeypatch.undo()
    mine = acme.get(ORDERS).json()
    assert [o["number"] for o in mine] == [order["number"]]


def test_an_order_lost_with_the_connection_is_refunded(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme = shopper(client, "acme")
    fill_cart(acme)
    lose_the_commit_answer(monkeypatch, committed=False)

    refused = acme.post(CHECKOUT, json=CUSTOMER)

    assert refused.status_code == 503, refused.text
    assert refused.json()["code"] == "order_not_saved"
    assert "refunded" in refused.json()["detail"]
    gateway = gateway_of(client.app)  # type: ignore[arg-type]
    assert gateway.charges == {}
    assert len(gateway.voided) == 1
    assert orders_paid_with(next(iter(gateway.voided))) == []


def test_a_failed_refund_is_never_reported_as_nothing_charged(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme = shopper(client, "acme")
    fill_cart(acme)
    gateway = gateway_of(client.app)  # type: ignore[arg-type]
    real_write = db.write

    @contextmanager
    def write() -> Iterator[Session]:
        with real_write() as session:
            added = orders_added(session)
            yield session
            session.flush()
            if added:
                gateway.behave("fail")  # the refund that follows cannot reach the gateway
                raise RuntimeError("the order could not be written")

    monkeypatch.setattr(db, "write", write)

    refused = acme.post(CHECKOUT, json=CUSTOMER)

    assert refused.status_code == 502, refused.text
    body = refused.json()
    assert body["code"] == "refund_pending"
    assert "nothing was charged" not in body["detail"]
    (reference,) = gateway.charges  # the charge is still there, and the answer says so
    assert reference in body["detail"]


def test_a_line_added_while_the_checkout_runs_stays_in_the_cart(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVICE_PAYMENT_GATEWAY_TIMEOUT", "30")
    settings = ModstackSettings(
        database_url=database, admin_token=TOKEN, environment="test", _env_file=None
    )  # type: ignore[call-arg]
    app = build(settings)
    with TestClient(app) as client:
        acme = shopper(client, "acme")
        mug, bag = product_id(acme, "ACME-MUG"), product_id(acme, "ACME-BAG")
        acme.post("/api/v1/storefront/cart/items", json={"product_id": mug, "quantity": 2})
        cart_id = acme.cookies["cart"]
        gateway = gateway_of(app)
        carts = app.state.modstack.services.get_service("carts")
        real_charge = gateway.charge

        def charge_while_the_shopper_adds(reference: str, amount: int, currency: str) -> Any:
            with db.write() as session:  # the shopper, in another tab, meanwhile
                carts.add(session, "acme", cart_id, bag, 1)
                carts.add(session, "acme", cart_id, mug, 3)
            return real_charge(reference, amount, currency)

        monkeypatch.setattr(gateway, "charge", charge_while_the_shopper_adds)
        placed = acme.post(CHECKOUT, json=CUSTOMER)

        assert placed.status_code == 201, placed.text
        assert [(line["sku"], line["quantity"]) for line in placed.json()["lines"]] == [
            ("ACME-MUG", 2)
        ]
        left = acme.get("/api/v1/storefront/cart/").json()["items"]
        assert sorted((item["sku"], item["quantity"]) for item in left) == [
            ("ACME-BAG", 1),
            ("ACME-MUG", 3),
        ]


def test_typing_someone_elses_email_does_not_show_their_orders(client: TestClient) -> None:
    victim = shopper(client, "acme")
    fill_cart(victim)
    theirs = victim.post(CHECKOUT, json={"email": "victim@example.com", "name": "Vic"}).json()
    attacker = shopper(client, "acme")
    fill_cart(attacker)
    mine = attacker.post(CHECKOUT, json={"email": "victim@example.com", "name": "Eve"}).json()
    bearer = {"Authorization": f"Bearer {mine['customer_token']}"}

    listed = client.get(f"/t/acme{ORDERS}", headers=bearer).json()
    one = client.get(f"/t/acme{ORDERS}{theirs['number']}", headers=bearer)
    page = attacker.get("/storefront/orders")

    assert [o["number"] for o in listed] == [mine["number"]]
    assert one.status_code == 404
    assert theirs["number"] not in page.text
    assert mine["number"] in page.text
    # The victim's own session still lists the victim's order (and only it).
    assert [o["number"] for o in victim.get(ORDERS).json()] == [theirs["number"]]


def test_a_session_keeps_the_orders_placed_with_it(client: TestClient) -> None:
    acme = shopper(client, "acme")
    fill_cart(acme)
    first = acme.post(CHECKOUT, json=CUSTOMER).json()
    fill_cart(acme)
    second = acme.post(CHECKOUT, json={"email": "ann.other@example.com", "name": "Ann"}).json()

    assert [o["number"] for o in acme.get(ORDERS).json()] == [second["number"], first["number"]]
    bearer = {"Authorization": f"Bearer {second['customer_token']}"}
    assert client.get(f"/t/acme{ORDERS}{first['number']}", headers=bearer).status_code == 200
