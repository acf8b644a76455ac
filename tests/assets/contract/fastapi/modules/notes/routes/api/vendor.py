from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/ping")
def ping(request: Request) -> dict[str, object]:
    return {"module": "notes", "tenant": request.state.tenant}
