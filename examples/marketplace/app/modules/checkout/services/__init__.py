"""The checkout: cart -> payment -> order, all or nothing.

The charge is made first, with the gateway behind retries and a circuit breaker, so no
database lock is held while the gateway is slow. The order, its stock reservation, the
payment, the emptied cart and both events are then written in one transaction; if that
fails, the charge is refunded. A checkout therefore leaves either a paid order with all
its parts, or nothing.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime
from typing import Any

from app import db
from modstack.errors import CircuitOpenError
from modstack.services import BaseService, ServiceRegistry

from ...orders.schemas import LineIn  # a required module's public schema
from ..exceptions import (
    CheckoutError,
    EmptyCart,
    NotEnoughStock,
    PaymentFailed,
    PaymentRefused,
    PaymentUnavailable,
)
from ..models import CheckoutAttempt

logger = logging.getLogger("app.checkout")


class CheckoutService(BaseService):
    """Places the order for a cart."""

    service_name = "checkout"

    def place(
        self, services: ServiceRegistry, tenant: str, cart_id: str | None, *, email: str, name: str
    ) -> Any:
        """The placed order (the orders module's OrderOut). Raises a CheckoutError
        saying what happened to the money; every attempt is recorded."""
        try:
            order = self._place(services, tenant, cart_id, email=email, name=name)
        except CheckoutError as error:
            self._record(tenant, cart_id, email, error.code, None, str(error))
            raise
        self._record(tenant, cart_id, email, "placed", order.number, None)
        return order

    def _place(
        self, services: ServiceRegistry, tenant: str, cart_id: str | None, *, email: str, name: str
    ) -> Any:
        carts: Any = services.get_service("carts", requester="checkout")
        orders: Any = services.get_service("orders", requester="checkout")
        gateway: Any = services.get_service("payment_gateway", requester="checkout")
        ledger: Any = services.get_service("payment_ledger", requester="checkout")
        with db.read() as session:
            cart = carts.get(session, tenant, cart_id)
            if not cart.items:
                raise EmptyCart()
            lines = [
                LineIn(
                    sku=i.sku, name=i.name, quantity=i.quantity, unit_price_cents=i.unit_price_cents
                )
                for i in cart.items
            ]
            short = orders.shortages(session, tenant, lines)
        if short:
            raise NotEnoughStock(short)
        reference = f"pay_{uuid.uuid4().hex}"
        charge = self._charge(gateway, reference, cart.total_cents, cart.currency)
        try:
            with db.write() as session:
                order = orders.place(
                    session,
                    tenant,
                    customer_email=email,
                    customer_name=name,
                    lines=lines,
                    currency=cart.currency,
                    payment_reference=reference,
                )
                ledger.record(
                    session, tenant, charge, order_number=order.number, customer_email=email
                )
                carts.clear(session, tenant, cart.id)
        except Exception as error:
            self._refund(gateway, reference)
            shortages = getattr(error, "shortages", None)
            if shortages is not None:  # the inventory's OutOfStock: someone was faster
                raise NotEnoughStock(shortages) from error
            raise
        return order

    @staticmethod
    def _charge(gateway: Any, reference: str, amount: int, currency: str) -> Any:
        try:
            return gateway.call("charge", reference, amount, currency)
        except CircuitOpenError as error:
            raise PaymentUnavailable(error.retry_in) from error
        except (ConnectionError, TimeoutError) as error:
            raise PaymentFailed(error) from error
        except Exception as error:  # the gateway's PaymentDeclined
            raise PaymentRefused(f"the payment was declined: {error}") from error

    @staticmethod
    def _refund(gateway: Any, reference: str) -> None:
        try:
            gateway.call("refund", reference)
        except Exception:
            logger.exception("refund of %s failed; settle it by hand", reference)

    @staticmethod
    def _record(
        tenant: str,
        cart_id: str | None,
        email: str,
        outcome: str,
        order: str | None,
        error: str | None,
    ) -> None:
        with db.write() as session:
            session.add(
                CheckoutAttempt(
                    tenant=tenant,
                    cart_id=cart_id,
                    customer_email=email,
                    outcome=outcome,
                    order_number=order,
                    error=error,
                    created_at=datetime.now(UTC),
                )
            )
