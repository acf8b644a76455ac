"""The customer's orders page: /storefront/orders (this browser's customer session)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import db
from app.auth import find_customer
from app.web import render, tenant_of

from ..api.storefront import orders_of

router = APIRouter()


@router.get("/orders", response_class=HTMLResponse)
def orders_page(request: Request) -> HTMLResponse:
    customer = find_customer(request)
    orders = []
    if customer is not None:
        with db.read() as session:
            orders = orders_of(request).list(session, tenant_of(request), numbers=customer.orders)
    email = customer.email if customer is not None else None
    return render(request, "orders/storefront/orders.html", email=email, orders=orders)
