"""A customer's orders: those placed with the customer session (the checkout gives
one; the storefront has no accounts)."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

from app import db
from app.auth import Customer, require_customer
from app.web import tenant_of

from ...exceptions import OrderNotFound
from ...schemas import OrderOut
from ...services import OrderService

router = APIRouter()
Signed = Annotated[Customer, Depends(require_customer)]


def orders_of(request: Request) -> OrderService:
    orders: OrderService = request.app.state.modstack.services.get_service("orders")
    return orders


@router.get("/", response_model=list[OrderOut])
def my_orders(request: Request, customer: Signed) -> list[OrderOut]:
    with db.read() as session:
        return orders_of(request).list(session, tenant_of(request), numbers=customer.orders)


@router.get("/{number}", response_model=OrderOut)
def my_order(request: Request, number: str, customer: Signed) -> OrderOut:
    if number not in customer.orders:
        raise HTTPException(404, f"no order {number!r}")
    try:
        with db.read() as session:
            order = orders_of(request).get(session, tenant_of(request), number)
    except OrderNotFound as error:
        raise HTTPException(404, str(error)) from None
    return order
