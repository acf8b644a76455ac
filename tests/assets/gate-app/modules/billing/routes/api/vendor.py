"""The Wizamart seed's own form: the router carries the module's prefix, sub-routers
are aggregated into it."""

from fastapi import APIRouter

from .vendor_usage import vendor_usage_router

vendor_router = APIRouter(prefix="/billing")


@vendor_router.get("/invoices")
async def invoices() -> dict[str, list[int]]:
    return {"invoices": [1, 2]}


vendor_router.include_router(vendor_usage_router)
