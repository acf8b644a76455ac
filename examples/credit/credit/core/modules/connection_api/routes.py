"""connection_api's route (the database's state) and the app-wide answer to a refusal."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify

from credit.web import answer_refusals


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""
    answer_refusals(app)

    @app.route("/api/connection", methods=["GET"])
    def connection_status() -> Any:
        database = module.database
        return jsonify(connected=database.is_connected(), dialect=database.engine.dialect.name)
