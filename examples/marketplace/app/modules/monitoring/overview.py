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
    pending = len(stack.outbox.entries(status="pending", limit=1000))
    failed = len(stack.outbox.entries(status="failed", limit=1000))
    return {
        "modules": modules,
        "services": services,
        "outbox": {"pending": pending, "failed": failed},
    }
