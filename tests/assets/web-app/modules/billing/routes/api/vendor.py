from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/invoices")
def invoices(request: Request) -> dict[str, object]:
    return {"invoices": [1, 2], "tenant": request.state.tenant}
