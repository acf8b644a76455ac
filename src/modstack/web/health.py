"""The health and status documents every adapter serves: ``/health`` (public: live and
ready, nothing more), ``/modules/status`` and ``/modules/{code}/health`` (details, for
operators). The adapter probes the store (``modstack.web.readiness``) and sends these."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from modstack.kernel import Lifecycle

if TYPE_CHECKING:
    from modstack.stack import Stack

HEALTHY = {"healthy", "ok", "degraded"}
"""Module health statuses answered with 200."""


def core_states(stack: Stack) -> dict[str, str]:
    """Each core module's state."""
    modules = stack.kernel.modules
    return {code: modules[code].state.value for code in sorted(stack.registry.core_codes)}


def health_document(stack: Stack, store_reachable: bool) -> tuple[int, dict[str, Any]]:
    """``/health``: 200 when every core module is active and the store answers, else
    503; no details."""
    ready = store_reachable and all(
        state == Lifecycle.ACTIVE.value for state in core_states(stack).values()
    )
    body = {"status": "ok" if ready else "unavailable", "live": True, "ready": ready}
    return (200 if ready else 503), body


async def status_document(stack: Stack, store_reachable: bool) -> dict[str, Any]:
    """``/modules/status``: every module's state and, for active ones, its health
    (checked concurrently); the core modules' states and whether the store answers."""
    status = stack.kernel.status()
    reports = await stack.kernel.health_all()
    for code, summary in status["modules"].items():
        summary["health"] = reports[code]["status"]
    status["core"] = core_states(stack)
    status["store"] = "reachable" if store_reachable else "unreachable"
    return status


async def module_health_document(stack: Stack, code: str) -> tuple[int, dict[str, Any]]:
    """``/modules/{code}/health``: the module's health check, 503 unless healthy; 404
    for an unknown module."""
    if code not in stack.kernel.modules:
        body = {"code": "module_not_found", "detail": f"no module {code!r}", "module": code}
        return 404, body
    report = await stack.kernel.health(code)
    return (200 if report["status"] in HEALTHY else 503), report
