"""The vendor's orders page."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app import db
from app.auth import require_vendor_page
from app.web import render, tenant_of

from ..api.storefront import orders_of

router = APIRouter(dependencies=[Depends(require_vendor_page)])


@router.get("/orders", response_class=HTMLResponse)
def vendor_orders_page(request: Request) -> HTMLResponse:
    with db.read() as session:
        orders = orders_of(request).list(session, tenant_of(request))
    return render(request, "orders/vendor/orders.html", orders=orders)
