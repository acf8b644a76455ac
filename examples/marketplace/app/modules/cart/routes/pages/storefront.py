"""The cart page: /storefront/cart."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web import render, tenant_of

from ..api.storefront import current_cart

router = APIRouter()


@router.get("/cart", response_class=HTMLResponse)
def cart_page(request: Request) -> HTMLResponse:
    enabled = request.app.state.modstack.tenancy.enabled_modules(tenant_of(request))
    return render(
        request,
        "cart/storefront/cart.html",
        cart=current_cart(request),
        checkout_enabled="checkout" in enabled,
    )
