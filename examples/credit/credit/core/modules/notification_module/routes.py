"""notification_module's route: ``/api/notifications``, what was sent."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Flask, jsonify

from credit.web import answer_refusals, current_tenant


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""
    answer_refusals(app)

    @app.route("/api/notifications", methods=["GET"])
    def sent_notifications() -> Any:
        return jsonify(sent=[asdict(s) for s in module.notifier.sent(current_tenant())])
