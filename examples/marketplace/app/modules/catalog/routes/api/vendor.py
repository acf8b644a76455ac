"""Managing the catalog."""

from fastapi import APIRouter, Depends, HTTPException, Request, status

from app import db
from app.auth import require_vendor
from app.types import IdPath
from app.web import tenant_of

from ...exceptions import DuplicateSku, ProductNotFound
from ...schemas import ProductChange, ProductIn, ProductOut
from .storefront import catalog_of

router = APIRouter(dependencies=[Depends(require_vendor)])


@router.get("/products", response_model=list[ProductOut])
def all_products(request: Request) -> list[ProductOut]:
    with db.read() as session:
        return catalog_of(request).list(session, tenant_of(request), everything=True)


@router.post("/products", response_model=ProductOut, status_code=status.HTTP_201_CREATED)
def add_product(request: Request, product: ProductIn) -> ProductOut:
    """The product is the signed-in vendor's: naming another vendor is refused (403)."""
    signed_in: str = request.state.vendor.subject
    if "vendor" in product.model_fields_set and product.vendor != signed_in:
        raise HTTPException(
            403, f"signed in as vendor {signed_in!r}: cannot add products for {product.vendor!r}"
        )
    product = product.model_copy(update={"vendor": signed_in})
    try:
        with db.write() as session:
            return catalog_of(request).add(session, tenant_of(request), product)
    except DuplicateSku as error:
        raise HTTPException(409, str(error)) from None


@router.patch("/products/{product_id}", response_model=ProductOut)
def change_product(request: Request, product_id: IdPath, change: ProductChange) -> ProductOut:
    try:
        with db.write() as session:
            return catalog_of(request).change(session, tenant_of(request), product_id, change)
    except ProductNotFound as error:
        raise HTTPException(404, str(error)) from None
