"""The storefront's catalog pages: /storefront/catalog and /storefront/catalog/<id>."""

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app import db
from app.types import IdPath
from app.web import render, tenant_of

from ..api.storefront import catalog_of, product_of

router = APIRouter()


@router.get("/catalog", response_class=HTMLResponse)
def catalog_page(request: Request, q: str = "") -> HTMLResponse:
    with db.read() as session:
        products = catalog_of(request).list(session, tenant_of(request), search=q or None)
    return render(request, "catalog/storefront/catalog.html", products=products, q=q)


@router.get("/catalog/{product_id}", response_class=HTMLResponse)
def product_page(request: Request, product_id: IdPath) -> HTMLResponse:
    product = product_of(request, product_id)
    if not product.active:
        raise HTTPException(404, f"no product {product_id}")
    return render(request, "catalog/storefront/product.html", product=product)
