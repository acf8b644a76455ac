from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/methods")
async def methods(request: Request) -> dict[str, object]:
    return {"methods": ["card"], "tenant": request.state.tenant}
