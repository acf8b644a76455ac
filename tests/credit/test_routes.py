"""The modules' Flask routes, served by modstack's Flask adapter: the JSON API moves money
and refuses what it must, the gate refuses a request without a tenant, the pages render,
and a transfer's e-mails leave through the stack's outbox."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from credit import db
from credit.app import build
from modstack.registry import Registry
from modstack.settings import ModstackSettings
from tests.credit.conftest import Inbox, migrate

NORTH = {"X-Tenant": "northbank", "X-Actor": "teller@northbank"}


OPTIONAL = ["notification_module", "reporting_module", "integration_module"]


@contextmanager
def served(registry: Registry, tmp_path: Path) -> Iterator[FlaskClient]:
    """The credit app on a migrated SQLite database; northbank runs every module,
    lakeside the core only."""
    url = f"sqlite:///{tmp_path / 'credit.db'}"
    migrate(registry, url)
    settings = ModstackSettings(database_url=url, environment="test", _env_file=None)  # type: ignore[call-arg]
    app = build(settings)
    stack = app.extensions["modstack"]
    stack.start()
    try:
        stack.core.tenancy.create_tenant("northbank", modules=OPTIONAL)
        stack.core.tenancy.create_tenant("lakeside", modules=[])
        yield app.test_client()
    finally:
        stack.stop()
        db._current = None


@pytest.fixture
def client(registry: Registry, tmp_path: Path) -> Iterator[FlaskClient]:
    with served(registry, tmp_path) as client:
        yield client


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
    assert client.get("/api/users").json["code"] == "tenant_required"
    refused = client.post("/api/users", json={"email": "eve@x.test", "name": "Eve"})
    assert refused.status_code == 400
    unknown = client.post("/api/users", json={"email": "eve@x.test", "name": "Eve"},
                          headers={"X-Tenant": "nobody"})  # fmt: skip
    assert unknown.status_code == 404
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


def test_a_transfer_through_the_api_emails_both_sides_at_once(
    registry: Registry, tmp_path: Path, inbox: Inbox
) -> None:
    with served(registry, tmp_path) as client:
        ann = open_wallet(client, "ann@north.test", "Ann")
        bob = open_wallet(client, "bob@north.test", "Bob")
        client.post("/wallet/deposit", json={"wallet_id": ann, "amount_cents": 900}, headers=NORTH)
        body = {"source_wallet_id": ann, "target_wallet_id": bob, "amount_cents": 300}
        assert client.post("/wallet/transfer", json=body, headers=NORTH).status_code == 201
        # The route had the outbox deliver after its commit: no delivery round was awaited.
        assert [m["Subject"] for m in inbox.messages] == [
            "Deposit of 9.00 EUR received",
            "You sent 3.00 EUR",
            "You received 3.00 EUR",
        ]
        sent = client.get("/api/notifications", headers=NORTH).json["sent"]
        assert [s["recipient"] for s in sent] == ["ann@north.test"] * 2 + ["bob@north.test"]
        # lakeside runs no notification_module: its routes are refused there.
        lakeside = client.get("/api/notifications", headers={"X-Tenant": "lakeside"})
        assert (lakeside.status_code, lakeside.json["code"]) == (403, "module_disabled")
