"""wallet_module's routes: the seed's ``/wallet/balance/<user_id>``, ``/api/wallets``,
and the ``/wallets`` page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Flask, jsonify, render_template

from credit.web import answer_refusals, current_actor, current_tenant, json_body, whole_number


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""
    answer_refusals(app)
    wallets = module.wallets

    @app.route("/wallet/balance/<int:user_id>", methods=["GET"])
    def get_balance(user_id: int) -> Any:
        tenant = current_tenant()
        return jsonify(
            user_id=user_id,
            balance_cents=module.get_user_balance(tenant, user_id),
            wallets=[asdict(w) for w in wallets.of_user(tenant, user_id)],
        )

    @app.route("/api/wallets", methods=["GET"])
    def list_wallets() -> Any:
        return jsonify(wallets=[asdict(w) for w in wallets.list(current_tenant())])

    @app.route("/api/wallets", methods=["POST"])
    def open_wallet() -> Any:
        body = json_body()
        wallet = wallets.open(
            current_tenant(),
            whole_number(body.get("user_id"), "user_id"),
            body.get("currency", "EUR"),
            actor=current_actor(),
        )
        return jsonify(asdict(wallet)), 201

    @app.route("/wallets", methods=["GET"])
    def wallets_page() -> Any:
        tenant = current_tenant()
        owners = {u.id: u for u in module.user_management.users.list(tenant)}
        return render_template(
            "wallet_module/wallets.html", wallets=wallets.list(tenant), owners=owners
        )
