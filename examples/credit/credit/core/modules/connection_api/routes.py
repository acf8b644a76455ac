"""connection_api's route: the database's state, as JSON."""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""

    @app.route("/api/connection", methods=["GET"])
    def connection_status() -> Any:
        database = module.database
        return jsonify(
            connected=database.is_connected(), dialect=database.engine.dialect.name
        )
