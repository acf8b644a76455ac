"""The vendor's invoices page."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app import db
from app.auth import require_vendor_page
from app.web import render, tenant_of

from ..api.vendor import billing_of

router = APIRouter(dependencies=[Depends(require_vendor_page)])


@router.get("/invoices", response_class=HTMLResponse)
def invoices_page(request: Request) -> HTMLResponse:
    billing = billing_of(request)
    with db.read() as session:
        invoices = billing.invoices(session, tenant_of(request))
        subscription = billing.subscription(session, tenant_of(request))
    return render(
        request, "billing/vendor/invoices.html", invoices=invoices, subscription=subscription
    )
