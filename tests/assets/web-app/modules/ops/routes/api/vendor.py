from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/leak")
async def leak() -> dict[str, str]:
    return {"internal": "must not be mounted for vendors"}
