from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/jobs")
async def jobs() -> dict[str, list[str]]:
    return {"jobs": []}
