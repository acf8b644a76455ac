"""Typed access to modstack from a route: the app's :class:`Modstack`, and a module's
settings as a FastAPI dependency."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import Request

from modstack.fastapi.stack import Modstack

S = TypeVar("S")


def stack_of(request: Request) -> Modstack:
    """The modstack of the app serving ``request`` (what ``create_app`` / ``attach`` put
    at ``app.state.modstack``). Raises RuntimeError for an app without modstack."""
    stack = getattr(request.app.state, "modstack", None)
    if not isinstance(stack, Modstack):
        raise RuntimeError(
            "this app has no modstack: build it with modstack.fastapi.create_app() or attach()"
        )
    return stack


def module_settings(code: str, kind: type[S]) -> Callable[[Request], S]:
    """A dependency giving module ``code``'s settings for the request's tenant (its
    overrides applied)::

        @router.get("/limits")
        def limits(config: Annotated[PaymentsConfig, Depends(module_settings("payments",
                   PaymentsConfig))]) -> dict[str, float]: ...

    Raises ModuleConfigError when the settings are invalid, and TypeError when the module's
    settings are not a ``kind``."""

    def settings(request: Request) -> S:
        tenant = request.scope.get("state", {}).get("tenant")
        return stack_of(request).module_settings(code, tenant, kind)

    settings.__name__ = f"settings_of_{code.replace('-', '_')}"
    return settings
