from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/invoices")
def invoices(request: Request) -> dict[str, object]:
    return {"invoices": [1, 2], "tenant": request.state.tenant}


@router.post("/charge/{amount}")
def charge(amount: int, request: Request) -> dict[str, object]:
    services = request.app.state.modstack.services
    gateway = services.get_service("payment_gateway", requester="billing")
    return gateway.call("charge", amount)  # type: ignore[no-any-return]
