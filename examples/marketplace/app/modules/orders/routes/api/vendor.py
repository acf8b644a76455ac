"""The platform's orders, and their fulfilment."""

from fastapi import APIRouter, Depends, HTTPException, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...exceptions import OrderNotFound
from ...schemas import OrderOut
from .storefront import orders_of

router = APIRouter(dependencies=[Depends(require_vendor)])


@router.get("/", response_model=list[OrderOut])
def all_orders(request: Request) -> list[OrderOut]:
    with db.read() as session:
        return orders_of(request).list(session, tenant_of(request))


@router.post("/{number}/fulfil", response_model=OrderOut)
def fulfil(request: Request, number: str) -> OrderOut:
    try:
        with db.write() as session:
            return orders_of(request).fulfil(session, tenant_of(request), number)
    except OrderNotFound as error:
        raise HTTPException(404, str(error)) from None
