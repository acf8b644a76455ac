"""The orders module's services."""

from __future__ import annotations

import secrets
from collections.abc import Collection
from datetime import UTC, datetime
from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.events import record_event
from modstack.services import BaseService

from ..events import OrderedLine, OrderPlaced
from ..exceptions import OrderNotFound
from ..models import Order, OrderLine
from ..schemas import LineIn, OrderOut


class OrderService(BaseService):
    """Places orders (reserving their stock when the tenant has inventory), lists them,
    and fulfils them."""

    service_name = "orders"
    version = "1.4.0"

    def shortages(self, session: Session, tenant: str, lines: list[LineIn]) -> dict[str, int]:
        """sku -> how many are available, for every line the stock cannot cover (empty
        when the tenant has no inventory module: nothing is tracked)."""
        if not self.module_enabled(tenant, "inventory"):
            return {}
        wanted = _by_sku(lines)
        available = self._stock().available(session, tenant, list(wanted))
        return {
            sku: available.get(sku, 0)
            for sku, count in wanted.items()
            if available.get(sku, 0) < count
        }

    def place(
        self,
        session: Session,
        tenant: str,
        *,
        customer_email: str,
        customer_name: str,
        lines: list[LineIn],
        currency: str,
        payment_reference: str,
    ) -> OrderOut:
        """Write a paid order, reserve its stock and announce ``OrderPlaced``, all in the
        caller's transaction. Raises the inventory's OutOfStock (the caller rolls back)."""
        number = f"{tenant[:3].upper()}-{secrets.token_hex(4).upper()}"
        if self.module_enabled(tenant, "inventory"):
            self._stock().reserve(session, tenant, number, _by_sku(lines))
        order = Order(
            tenant=tenant,
            number=number,
            customer_email=customer_email,
            customer_name=customer_name,
            status="paid",
            total_cents=sum(line.quantity * line.unit_price_cents for line in lines),
            currency=currency,
            payment_reference=payment_reference,
            created_at=datetime.now(UTC),
            lines=[OrderLine(**line.model_dump()) for line in lines],
        )
        session.add(order)
        session.flush()
        placed = OrderOut.model_validate(order)
        record_event(
            session.connection(),
            OrderPlaced(
                tenant=tenant,
                order_number=number,
                customer_email=customer_email,
                customer_name=customer_name,
                total_cents=placed.total_cents,
                currency=currency,
                lines=[OrderedLine(**line.model_dump()) for line in lines],
                placed_at=placed.created_at,
            ),
        )
        return placed

    def list(
        self, session: Session, tenant: str, *, numbers: Collection[str] | None = None
    ) -> list[OrderOut]:
        """The tenant's orders, newest first (only those named in ``numbers``, when
        given: a customer session's)."""
        query = sa.select(Order).where(Order.tenant == tenant).order_by(Order.id.desc())
        if numbers is not None:
            query = query.where(Order.number.in_(list(numbers)))
        return [OrderOut.model_validate(order) for order in session.scalars(query)]

    def get(self, session: Session, tenant: str, number: str) -> OrderOut:
        """Raises OrderNotFound."""
        order = session.scalar(
            sa.select(Order).where(Order.tenant == tenant, Order.number == number)
        )
        if order is None:
            raise OrderNotFound(number)
        return OrderOut.model_validate(order)

    def paid_with(self, session: Session, tenant: str, reference: str) -> OrderOut | None:
        """The order paid under payment ``reference``, or None (there is none)."""
        order = session.scalar(
            sa.select(Order).where(Order.tenant == tenant, Order.payment_reference == reference)
        )
        return None if order is None else OrderOut.model_validate(order)

    def fulfil(self, session: Session, tenant: str, number: str) -> OrderOut:
        """Mark a paid order fulfilled. Raises OrderNotFound."""
        order = session.scalar(
            sa.select(Order).where(Order.tenant == tenant, Order.number == number)
        )
        if order is None:
            raise OrderNotFound(number)
        order.status = "fulfilled"
        session.flush()
        return OrderOut.model_validate(order)

    def _stock(self) -> StockLike:
        assert self.runtime.lookup is not None
        stock: StockLike = self.runtime.lookup("stock")  # type: ignore[assignment]
        return stock


class StockLike(Protocol):
    """What orders need from the inventory module's ``stock`` service."""

    def available(self, session: Session, tenant: str, skus: list[str]) -> dict[str, int]: ...
    def reserve(
        self, session: Session, tenant: str, reference: str, wanted: dict[str, int]
    ) -> None: ...


def _by_sku(lines: list[LineIn]) -> dict[str, int]:
    wanted: dict[str, int] = {}
    for line in lines:
        wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
    return wanted
