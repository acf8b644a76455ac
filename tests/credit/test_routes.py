"""The modules' Flask routes, on a bare Flask host (tests/credit/host.py) until the
adapter exists: the JSON API moves money and refuses what it must, the pages render."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from credit.db import Database
from modstack.registry import Registry
from tests.credit.conftest import migrate
from tests.credit.host import host

NORTH = {"X-Tenant": "northbank", "X-Actor": "teller@northbank"}


@pytest.fixture
def client(registry: Registry, tmp_path: Path) -> Iterator[FlaskClient]:
    url = f"sqlite:///{tmp_path / 'credit.db'}"
    migrate(registry, url)
    database = Database.from_url(url)
    manager = host(registry, database.engine)
    yield manager.flask_app.test_client()
    database.dispose()


def open_wallet(client: FlaskClient, email: str, name: str) -> int:
    user = client.post("/api/users", json={"email": email, "name": name}, headers=NORTH)
    assert user.status_code == 201, user.json
    wallet = client.post("/api/wallets", json={"user_id": user.json["id"]}, headers=NORTH)
    assert wallet.status_code == 201, wallet.json
    return int(wallet.json["id"])


def test_money_moves_through_the_json_api_and_a_retry_is_answered_not_repeated(
    client: FlaskClient,
) -> None:
    ann = open_wallet(client, "ann@north.test", "Ann")
    bob = open_wallet(client, "bob@north.test", "Bob")
    assert (
        client.post(
            "/wallet/deposit", json={"wallet_id": ann, "amount_cents": 5_000}, headers=NORTH
        ).status_code
        == 201
    )
    body = {"source_wallet_id": ann, "target_wallet_id": bob, "amount_cents": 1_200}
    headers = {**NORTH, "Idempotency-Key": "order-7"}
    first = client.post("/wallet/transfer", json=body, headers=headers)
    again = client.post("/wallet/transfer", json=body, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json["id"] == first.json["id"]
    assert again.json["replayed"] is True
    balance = client.get("/wallet/balance/1", headers=NORTH)
    assert balance.json["balance_cents"] == 3_800
    [transfer] = client.get(
        f"/api/audit?subject=transaction:{first.json['id']}", headers=NORTH
    ).json["entries"]
    assert transfer["actor"] == "teller@northbank"


def test_refusals_answer_with_a_status_and_the_field(client: FlaskClient) -> None:
    ann = open_wallet(client, "ann@north.test", "Ann")
    short = client.post(
        "/wallet/withdraw", json={"wallet_id": ann, "amount_cents": 1}, headers=NORTH
    )
    assert short.status_code == 409
    assert short.json["error"] == "InsufficientFundsError"
    bad = client.post(
        "/wallet/deposit", json={"wallet_id": ann, "amount_cents": "ten"}, headers=NORTH
    )
    assert (bad.status_code, bad.json["field"]) == (400, "amount_cents")
    not_json = client.post("/wallet/deposit", data="amount=5", headers=NORTH)
    assert (not_json.status_code, not_json.json["field"]) == (400, "body")


def test_a_request_without_a_tenant_reads_and_writes_nothing(client: FlaskClient) -> None:
    open_wallet(client, "ann@north.test", "Ann")
    assert client.get("/api/users").status_code == 404
    refused = client.post("/api/users", json={"email": "eve@x.test", "name": "Eve"})
    assert refused.status_code == 404
    assert [u["email"] for u in client.get("/api/users", headers=NORTH).json["users"]] == [
        "ann@north.test"
    ]
    # Another tenant sees none of northbank's users.
    assert client.get("/api/users", headers={"X-Tenant": "lakeside"}).json["users"] == []


def test_the_pages_render(client: FlaskClient) -> None:
    ann = open_wallet(client, "ann@north.test", "Ann")
    client.post(
        "/wallet/deposit",
        json={"wallet_id": ann, "amount_cents": 2_550, "reference": "salary"},
        headers=NORTH,
    )
    html = {**NORTH, "Accept": "text/html"}
    assert "ann@north.test" in client.get("/users", headers=html).text
    assert "25.50 EUR" in client.get("/wallets", headers=html).text
    statement = client.get(f"/wallets/{ann}", headers=html).text
    assert "salary" in statement
    assert "25.50 EUR" in statement
    assert "money.deposit" in client.get("/audit", headers=html).text
    assert "ann@north.test" in client.get("/reports", headers=html).text
    missing = client.get("/wallets/999", headers=html)
    assert missing.status_code == 404
    assert "wallet 999 not found" in missing.text
