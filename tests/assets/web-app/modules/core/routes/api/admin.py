from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/ping")
async def ping() -> dict[str, str]:
    return {"pong": "core"}
