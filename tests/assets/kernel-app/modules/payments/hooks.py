import asyncio

from .._journal import events


def start(context):
    events.append(("start", context.code, context.config.timeout))


async def stop(context):
    events.append(("stop", context.code))


async def enabled(tenant):
    events.append(("enabled", "payments", tenant))


def disabled(tenant, context):
    events.append(("disabled", context.code, tenant))


async def slow_health(context):
    await asyncio.sleep(float(context.config.retries) / 10)
    return True
