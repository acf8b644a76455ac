from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/x")
async def x() -> dict[str, str]:
    return {"never": "served"}
