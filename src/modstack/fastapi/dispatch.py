"""``ModuleDispatch``: finds a module API route without scanning every module.

Starlette's router tries its routes one by one, so with many modules mounted a request
for the last one tests every other module's routes first (200 modules: 7x slower). The
gate has already read ``(frontend, code)`` from the path; this one route, first in the
list, hands the request to that module's own routers, which FastAPI matches and serves
as usual. Anything else falls through to the normal routing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

if TYPE_CHECKING:
    from modstack.fastapi.stack import Modstack

API_KEY = "modstack.api"
"""Scope key the gate sets to ``(frontend, code)`` for a module API request."""
_NODE = "modstack.node"


class ModuleDispatch(BaseRoute):
    """Routes ``/api/v1/<frontend>/<code>/...`` straight to ``<code>``'s routers."""

    def __init__(self, stack: Modstack) -> None:
        self.stack = stack

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        key = scope.get(API_KEY)
        if key is None:
            return Match.NONE, {}
        runtime = self.stack.kernel.modules.get(key[1])
        nodes: list[BaseRoute] = runtime.extras.get("api", {}).get(key[0], []) if runtime else []
        if not nodes:
            return Match.NONE, {}
        # The prefix is the module's alone, and mounting gives it one router per frontend:
        # that router matches (or answers 404/405) when handling; matching here too would
        # only do the work twice.
        return Match.FULL, {_NODE: nodes[0]}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        node: Any = scope.pop(_NODE)
        await node.handle(scope, receive, send)
