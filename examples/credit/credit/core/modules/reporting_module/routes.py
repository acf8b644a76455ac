"""reporting_module's routes: ``/api/reports/users``, ``/api/reports/daily`` and the
``/reports`` page."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from flask import Flask, jsonify, render_template, request

from credit.db import money
from credit.errors import CreditError
from credit.web import answer_refusals, current_tenant


def _day(name: str) -> date | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CreditError(
            f"{name} must be a day like 2026-03-01, not {raw!r}", field=name
        ) from None


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""
    answer_refusals(app)
    reports = module.reports

    @app.route("/api/reports/users", methods=["GET"])
    def user_totals() -> Any:
        found = reports.user_totals(current_tenant())
        return jsonify(users=[{**asdict(t), "net": t.net} for t in found])

    @app.route("/api/reports/daily", methods=["GET"])
    def daily_volume() -> Any:
        found = reports.daily_volume(current_tenant(), start=_day("start"), end=_day("end"))
        return jsonify(days=[{**asdict(d), "day": d.day.isoformat()} for d in found])

    @app.route("/reports", methods=["GET"])
    def reports_page() -> Any:
        tenant = current_tenant()
        return render_template(
            "reporting_module/reports.html",
            money=money,
            totals=reports.user_totals(tenant),
            days=reports.daily_volume(tenant),
        )
