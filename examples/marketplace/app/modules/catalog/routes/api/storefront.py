"""Browsing the catalog."""

from fastapi import APIRouter, HTTPException, Request

from app import db
from app.types import IdPath
from app.web import tenant_of

from ...exceptions import ProductNotFound
from ...schemas import ProductOut
from ...services import ProductCatalog

router = APIRouter()


def catalog_of(request: Request) -> ProductCatalog:
    catalog: ProductCatalog = request.app.state.modstack.services.get_service("catalog")
    return catalog


def product_of(request: Request, product_id: int) -> ProductOut:
    try:
        with db.read() as session:
            return catalog_of(request).get(session, tenant_of(request), product_id)
    except ProductNotFound as error:
        raise HTTPException(404, str(error)) from None


@router.get("/products", response_model=list[ProductOut])
def products(request: Request, q: str | None = None) -> list[ProductOut]:
    with db.read() as session:
        return catalog_of(request).list(session, tenant_of(request), search=q)


@router.get("/products/{product_id}", response_model=ProductOut)
def product(request: Request, product_id: IdPath) -> ProductOut:
    found = product_of(request, product_id)
    if not found.active:
        raise HTTPException(404, f"no product {product_id}")
    return found
