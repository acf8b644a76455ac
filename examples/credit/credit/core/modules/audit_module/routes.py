"""audit_module's routes: ``/api/audit`` (JSON) and the ``/audit`` page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Flask, jsonify, render_template, request

from credit.web import answer_refusals, current_tenant


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""
    answer_refusals(app)
    trail = module.trail

    @app.route("/api/audit", methods=["GET"])
    def audit_entries() -> Any:
        found = trail.entries(current_tenant(), subject=request.args.get("subject"))
        return jsonify(
            entries=[{**asdict(e), "created_at": e.created_at.isoformat()} for e in found]
        )

    @app.route("/audit", methods=["GET"])
    def audit_page() -> Any:
        return render_template("audit_module/audit.html", entries=trail.entries(current_tenant()))
