"""``app_manager.flask_app``: what a seed module registers its routes on. Flask refuses
``@app.route`` after the first request, and a reload runs ``initialize`` again, so a
route registered here goes to the table of the module being started (see
:mod:`modstack.flask.tables`); anything else is the real app's."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Blueprint, Flask

STARTING: ContextVar[Any] = ContextVar("modstack_starting_module", default=None)
"""The table of the module whose ``initialize`` runs in this context."""


class ModuleApp:
    """The Flask app as a module sees it: route registration goes to its own table."""

    def __init__(self, app: Flask, errors: Flask) -> None:
        self._app = app
        self._errors = errors

    def _target(self) -> Any:
        table = STARTING.get()
        return table.holder if table is not None else self._app

    def _count(self) -> None:
        table = STARTING.get()
        if table is not None:
            table.recorded += 1

    def route(self, rule: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        """``@app.route``: the route belongs to the module being started."""
        self._count()
        return self._target().route(rule, **options)  # type: ignore[no-any-return]

    def add_url_rule(self, rule: str, *args: Any, **options: Any) -> None:
        """``app.add_url_rule``, into the module's table."""
        self._count()
        self._target().add_url_rule(rule, *args, **options)

    def register_blueprint(self, blueprint: Blueprint, **options: Any) -> None:
        """``app.register_blueprint``, into the module's table."""
        self._count()
        self._target().register_blueprint(blueprint, **options)

    def get(self, rule: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        """``@app.get``."""
        return self.route(rule, methods=["GET"], **options)

    def post(self, rule: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        """``@app.post``."""
        return self.route(rule, methods=["POST"], **options)

    def put(self, rule: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        """``@app.put``."""
        return self.route(rule, methods=["PUT"], **options)

    def delete(self, rule: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        """``@app.delete``."""
        return self.route(rule, methods=["DELETE"], **options)

    def patch(self, rule: str, **options: Any) -> Callable[[Callable[..., Any]], Any]:
        """``@app.patch``."""
        return self.route(rule, methods=["PATCH"], **options)

    def errorhandler(self, code_or_exception: Any) -> Callable[[Callable[..., Any]], Any]:
        """``@app.errorhandler``: answers errors raised by every module's views."""
        return self._errors.errorhandler(code_or_exception)

    def register_error_handler(self, code_or_exception: Any, handler: Any) -> None:
        """``app.register_error_handler``, for every module's views."""
        self._errors.register_error_handler(code_or_exception, handler)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)
