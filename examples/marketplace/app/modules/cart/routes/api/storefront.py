"""The shopper's cart. Its id travels in the ``cart`` cookie (or the ``X-Cart`` header)."""

from fastapi import APIRouter, HTTPException, Request, Response, status

from app import db
from app.types import IdPath
from app.web import CART_COOKIE, cart_id_of, tenant_of

from ...exceptions import CatalogUnavailable, ItemNotFound
from ...schemas import CartOut, ItemIn, QuantityIn
from ...services import CartService

router = APIRouter()


def carts_of(request: Request) -> CartService:
    carts: CartService = request.app.state.modstack.services.get_service("carts")
    return carts


def current_cart(request: Request) -> CartOut:
    with db.read() as session:
        return carts_of(request).get(session, tenant_of(request), cart_id_of(request))


@router.get("/", response_model=CartOut)
def cart(request: Request) -> CartOut:
    return current_cart(request)


@router.post("/items", response_model=CartOut, status_code=status.HTTP_201_CREATED)
def add_item(request: Request, response: Response, item: ItemIn) -> CartOut:
    tenant = tenant_of(request)
    try:
        with db.write() as session:
            cart_id = carts_of(request).add(
                session, tenant, cart_id_of(request), item.product_id, item.quantity
            )
    except CatalogUnavailable as error:
        raise HTTPException(409, str(error)) from None
    except LookupError as error:  # the catalog's ProductNotFound
        raise HTTPException(404, str(error)) from None
    response.set_cookie(
        CART_COOKIE,
        cart_id,
        path=request.scope.get("root_path") or "/",
        httponly=True,
        samesite="lax",
    )
    with db.read() as session:
        return carts_of(request).get(session, tenant, cart_id)


@router.put("/items/{item_id}", response_model=CartOut)
def set_quantity(request: Request, item_id: IdPath, change: QuantityIn) -> CartOut:
    try:
        with db.write() as session:
            carts_of(request).set_quantity(
                session, tenant_of(request), cart_id_of(request), item_id, change.quantity
            )
    except ItemNotFound as error:
        raise HTTPException(404, str(error)) from None
    return current_cart(request)
