"""The checkout page: /storefront/checkout."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import db
from app.web import cart_id_of, render, tenant_of

router = APIRouter()


@router.get("/checkout", response_class=HTMLResponse)
def checkout_page(request: Request) -> HTMLResponse:
    carts = request.app.state.modstack.services.get_service("carts", requester="checkout")
    with db.read() as session:
        cart = carts.get(session, tenant_of(request), cart_id_of(request))
    return render(request, "checkout/storefront/checkout.html", cart=cart)
