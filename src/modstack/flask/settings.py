"""A module's settings from a Flask view: ``module_settings(code, kind)``, the Flask
counterpart of :func:`modstack.fastapi.module_settings`."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from flask import current_app, has_request_context

from modstack.flask.gate import tenant_of_request

if TYPE_CHECKING:
    from modstack.flask.extension import Modstack

S = TypeVar("S")


def module_settings(code: str, kind: type[S]) -> S:
    """Module ``code``'s settings for the current request's tenant (``g.tenant``, its
    overrides applied), as a ``kind``::

        @router.get("/limits")
        def limits() -> dict[str, float]:
            config = module_settings("payments", PaymentsConfig)
            return {"max_amount": config.max_amount}

    Raises RuntimeError outside a request or in an app without modstack,
    ModuleConfigError when the settings are invalid, and TypeError when the module's
    settings are not a ``kind``."""
    if not has_request_context():
        raise RuntimeError(
            f"module_settings({code!r}) reads the current request's tenant: call it in a view"
        )
    stack: Modstack | None = current_app.extensions.get("modstack")
    if stack is None:
        raise RuntimeError(
            "this app has no modstack: build it with modstack.flask.create_app() or Modstack(app)"
        )
    return stack.module_settings(code, tenant_of_request(stack), kind)
