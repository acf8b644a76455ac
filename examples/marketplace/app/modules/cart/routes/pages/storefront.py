"""The cart page: /storefront/cart."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web import render

from ..api.storefront import current_cart

router = APIRouter()


@router.get("/cart", response_class=HTMLResponse)
def cart_page(request: Request) -> HTMLResponse:
    return render(request, "cart/storefront/cart.html", cart=current_cart(request))
