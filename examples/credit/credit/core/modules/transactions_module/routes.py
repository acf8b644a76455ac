"""transactions_module's routes: the seed's ``/wallet/deposit`` and ``/wallet/withdraw``,
``/wallet/transfer``, ``/api/transactions`` and a wallet's statement page. A money route
honours the ``Idempotency-Key`` header: a retried request is answered with the first
one's receipt (200 instead of 201) and moves nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from flask import Flask, jsonify, render_template

from credit.db import money
from credit.web import (
    answer_refusals,
    current_actor,
    current_tenant,
    idempotency_key,
    json_body,
    whole_number,
)


def _answer(module: Any, receipt: Any) -> Any:
    module.deliver_events()
    data = asdict(receipt)
    data["booked_on"] = receipt.booked_on.isoformat()
    return jsonify(data), 200 if receipt.replayed else 201


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""
    answer_refusals(app)
    transactions = module.transactions

    def one_wallet(movement: Callable[..., Any]) -> Any:
        """A deposit or a withdrawal, as the request's body describes it."""
        body = json_body()
        receipt = movement(
            current_tenant(),
            whole_number(body.get("wallet_id"), "wallet_id"),
            body.get("amount_cents"),
            key=idempotency_key(),
            reference=body.get("reference", ""),
            actor=current_actor(),
        )
        return _answer(module, receipt)

    @app.route("/wallet/deposit", methods=["POST"])
    def deposit() -> Any:
        return one_wallet(transactions.deposit)

    @app.route("/wallet/withdraw", methods=["POST"])
    def withdraw() -> Any:
        return one_wallet(transactions.withdraw)

    @app.route("/wallet/transfer", methods=["POST"])
    def transfer() -> Any:
        body = json_body()
        receipt = transactions.transfer(
            current_tenant(),
            whole_number(body.get("source_wallet_id"), "source_wallet_id"),
            whole_number(body.get("target_wallet_id"), "target_wallet_id"),
            body.get("amount_cents"),
            key=idempotency_key(),
            reference=body.get("reference", ""),
            actor=current_actor(),
        )
        return _answer(module, receipt)

    @app.route("/api/transactions", methods=["GET"])
    def recent_transactions() -> Any:
        found = transactions.recent(current_tenant())
        return jsonify(
            transactions=[{**asdict(r), "booked_on": r.booked_on.isoformat()} for r in found]
        )

    @app.route("/wallets/<int:wallet_id>", methods=["GET"])
    def statement_page(wallet_id: int) -> Any:
        tenant = current_tenant()
        wallet = transactions.wallets.get(tenant, wallet_id)
        return render_template(
            "transactions_module/statement.html",
            wallet=wallet,
            lines=transactions.statement(tenant, wallet_id),
            money=money,
        )
