from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/y")
async def y() -> dict[str, str]:
    return {"never": "served"}
