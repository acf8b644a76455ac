"""Celery's own shared tasks in a module: gated per tenant like @task()."""

from celery import shared_task

AWARDED: list[tuple[str, str, int]] = []


@shared_task(name="loyalty.award_points")
def award_points(customer: str, points: int, tenant: str) -> dict[str, object]:
    AWARDED.append((tenant, customer, points))
    return {"tenant": tenant, "customer": customer, "points": points}
