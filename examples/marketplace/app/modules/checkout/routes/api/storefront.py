"""Check out the shopper's cart (the ``cart`` cookie or ``X-Cart`` header, as the cart
module sets it)."""

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse

from app.auth import customer_session, remember_customer
from app.web import cart_id_of, tenant_of

from ...exceptions import CheckoutError, NotEnoughStock, PaymentUnavailable
from ...schemas import CheckoutIn
from ...services import CheckoutService

router = APIRouter()


@router.post("/", status_code=status.HTTP_201_CREATED, response_model=None)
def checkout(request: Request, customer: CheckoutIn) -> JSONResponse:
    stack = request.app.state.modstack
    service: CheckoutService = stack.services.get_service("checkout")
    try:
        order = service.place(
            stack.services,
            tenant_of(request),
            cart_id_of(request),
            email=customer.email,
            name=customer.name,
        )
    except CheckoutError as error:
        return refusal(error)
    # The invoice, notifications and figures now, rather than on the next delivery round.
    stack.outbox.deliver(wait=False)
    # "My orders" shows the orders placed with this session (the token carries their numbers).
    token = customer_session(request, order.customer_email, order.number)
    body = {**order.model_dump(mode="json"), "customer_token": token}
    response = JSONResponse(body, status_code=status.HTTP_201_CREATED)
    remember_customer(request, response, token)
    return response


def refusal(error: CheckoutError) -> JSONResponse:
    body: dict[str, object] = {"code": error.code, "detail": str(error)}
    headers = {}
    if isinstance(error, NotEnoughStock):
        body["shortages"] = error.shortages
    if isinstance(error, PaymentUnavailable):
        body["retry_in"] = round(error.retry_in, 1)
        headers["Retry-After"] = str(max(1, round(error.retry_in)))
    return JSONResponse(body, status_code=error.status, headers=headers)
