"""What the monitoring pages show: every module's state and health, every service's
breakers, and the outbox's backlog."""

from typing import Any

from fastapi import Request


async def overview(request: Request) -> dict[str, Any]:
    stack = request.app.state.modstack
    health = await stack.kernel.health_all()
    modules = [
        {
            "code": runtime.code,
            "state": runtime.state.value,
            "reason": runtime.reason or "",
            "health": health.get(runtime.code, {}).get("status", "unknown"),
        }
        for runtime in stack.kernel.modules.values()
    ]
    services = stack.services.get_service_health_summary()
    counts = stack.outbox.counts()
    return {
        "modules": modules,
        "services": services,
        "outbox": {"pending": counts.get("pending", 0), "failed": counts.get("failed", 0)},
    }
