"""A customer's orders: those of the e-mail address the customer session carries (the
checkout gives one; the storefront has no accounts)."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request

from app import db
from app.auth import require_customer
from app.web import tenant_of

from ...exceptions import OrderNotFound
from ...schemas import OrderOut
from ...services import OrderService

router = APIRouter()
Customer = Annotated[str, Depends(require_customer)]


def orders_of(request: Request) -> OrderService:
    orders: OrderService = request.app.state.modstack.services.get_service("orders")
    return orders


@router.get("/", response_model=list[OrderOut])
def my_orders(request: Request, email: Customer) -> list[OrderOut]:
    with db.read() as session:
        return orders_of(request).list(session, tenant_of(request), email=email)


@router.get("/{number}", response_model=OrderOut)
def my_order(request: Request, number: str, email: Customer) -> OrderOut:
    try:
        with db.read() as session:
            order = orders_of(request).get(session, tenant_of(request), number)
    except OrderNotFound as error:
        raise HTTPException(404, str(error)) from None
    if order.customer_email != email:
        raise HTTPException(404, f"no order {number!r}")
    return order
