"""The marketplace's background tasks."""

import asyncio

from modstack.tasks import task


@task()
def import_feed(rows: int, tenant: str) -> dict[str, object]:
    return {"tenant": tenant, "imported": rows}


@task(name="recount")
async def recount_products(start: int) -> int:
    await asyncio.sleep(0)
    return start + 1


def helper() -> None:
    """Not a task: not marked."""
