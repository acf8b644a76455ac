"""user_management's routes: ``/api/users`` (JSON) and the ``/users`` page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import Flask, jsonify, render_template

from credit.web import answer_refusals, current_actor, current_tenant, json_body


def register(app: Flask, module: Any) -> None:
    """Attach the routes to ``app``."""
    answer_refusals(app)
    users = module.users

    @app.route("/api/users", methods=["GET"])
    def list_users() -> Any:
        return jsonify(users=[asdict(u) for u in users.list(current_tenant())])

    @app.route("/api/users", methods=["POST"])
    def register_user() -> Any:
        body = json_body()
        user = users.register(
            current_tenant(), body.get("email"), body.get("name"), actor=current_actor()
        )
        return jsonify(asdict(user)), 201

    @app.route("/api/users/<int:user_id>", methods=["GET"])
    def get_user(user_id: int) -> Any:
        return jsonify(asdict(users.get(current_tenant(), user_id)))

    @app.route("/api/users/<int:user_id>", methods=["PATCH"])
    def update_user(user_id: int) -> Any:
        body = json_body()
        user = users.update(
            current_tenant(),
            user_id,
            name=body.get("name"),
            status=body.get("status"),
            actor=current_actor(),
        )
        return jsonify(asdict(user))

    @app.route("/users", methods=["GET"])
    def users_page() -> Any:
        return render_template("user_management/users.html", users=users.list(current_tenant()))
