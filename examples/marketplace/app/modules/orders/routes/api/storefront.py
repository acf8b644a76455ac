"""A customer's orders (by e-mail address: the storefront has no accounts)."""

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request

from app import db
from app.types import Email
from app.web import tenant_of

from ...exceptions import OrderNotFound
from ...schemas import OrderOut
from ...services import OrderService

router = APIRouter()


def orders_of(request: Request) -> OrderService:
    orders: OrderService = request.app.state.modstack.services.get_service("orders")
    return orders


@router.get("/", response_model=list[OrderOut])
def my_orders(request: Request, email: Annotated[Email, Query()]) -> list[OrderOut]:
    with db.read() as session:
        return orders_of(request).list(session, tenant_of(request), email=email)


@router.get("/{number}", response_model=OrderOut)
def my_order(request: Request, number: str, email: Annotated[Email, Query()]) -> OrderOut:
    try:
        with db.read() as session:
            order = orders_of(request).get(session, tenant_of(request), number)
    except OrderNotFound as error:
        raise HTTPException(404, str(error)) from None
    if order.customer_email != email:
        raise HTTPException(404, f"no order {number!r}")
    return order
