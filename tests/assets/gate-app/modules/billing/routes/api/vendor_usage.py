from fastapi import APIRouter

vendor_usage_router = APIRouter(prefix="/usage")


@vendor_usage_router.get("")
async def usage() -> dict[str, int]:
    return {"used": 3}
