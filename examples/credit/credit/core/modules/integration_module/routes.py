"""integration_module's routes: a rate, and a wallet's value in another currency. While
the rate service's breaker is open they answer 503 at once."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, request

from credit.web import answer_refusals, current_tenant
from modstack.errors import CircuitOpenError

from .services import RatesUnavailableError


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""
    answer_refusals(app)
    rates = module.rates

    @app.errorhandler(CircuitOpenError)
    @app.errorhandler(RatesUnavailableError)
    def rates_unavailable(error: Exception) -> Any:
        return jsonify(error="RatesUnavailable", message="the rate service is unavailable"), 503

    @app.route("/api/rates/<base>/<quote>", methods=["GET"])
    def rate(base: str, quote: str) -> Any:
        current_tenant()
        return jsonify(base=base, quote=quote, rate=rates.call("quote", base, quote))

    @app.route("/api/wallets/<int:wallet_id>/value", methods=["GET"])
    def wallet_value(wallet_id: int) -> Any:
        wallet = module.wallets.get(current_tenant(), wallet_id)
        currency = request.args.get("currency", wallet.currency)
        value = rates.convert(wallet.balance_cents, wallet.currency, currency)
        return jsonify(wallet_id=wallet_id, currency=currency, value_cents=value)
