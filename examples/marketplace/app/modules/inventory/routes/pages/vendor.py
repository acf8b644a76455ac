"""The vendor's stock page: levels per location, and a form to adjust them."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app import db
from app.auth import require_vendor_page
from app.web import render, tenant_of

from ..api.vendor import stock_of

router = APIRouter(dependencies=[Depends(require_vendor_page)])


@router.get("/stock", response_class=HTMLResponse)
def stock_page(request: Request) -> HTMLResponse:
    with db.read() as session:
        levels = stock_of(request).levels(session, tenant_of(request))
    return render(request, "inventory/vendor/stock.html", levels=levels)
