"""The vendor's products page."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app import db
from app.auth import require_vendor_page
from app.web import render, tenant_of

from ..api.storefront import catalog_of

router = APIRouter(dependencies=[Depends(require_vendor_page)])


@router.get("/products", response_class=HTMLResponse)
def products_page(request: Request) -> HTMLResponse:
    with db.read() as session:
        products = catalog_of(request).list(session, tenant_of(request), everything=True)
    return render(request, "catalog/vendor/products.html", products=products)
