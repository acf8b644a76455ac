"""The checkout page: /storefront/checkout."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import db
from app.web import render, tenant_of

router = APIRouter()


@router.get("/checkout", response_class=HTMLResponse)
def checkout_page(request: Request) -> HTMLResponse:
    carts = request.app.state.modstack.services.get_service("carts", requester="checkout")
    cart_id = request.headers.get("x-cart") or request.cookies.get("cart")
    with db.read() as session:
        cart = carts.get(session, tenant_of(request), cart_id)
    return render(request, "checkout/storefront/checkout.html", cart=cart)
