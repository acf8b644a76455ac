"""The checkout: cart -> payment -> order, all or nothing, once per cart.

The checkout first claims the cart (see ``claims``): concurrent checkouts of one cart
answer "in progress" and charge nothing. The charge is made next, with the gateway behind
retries and a circuit breaker, so no database lock is held while the gateway is slow.
The order, its stock reservation, the payment, the emptied cart, the claim's release and
both events are then written in one transaction; if that fails, the charge is refunded.
A checkout therefore leaves either a paid order with all its parts, or nothing. A claim
left behind by a process that died is taken over once it expires, after refunding
whatever that process may have charged.

When the connection is lost while that transaction commits
(``CommitOutcomeUnknownError``), the order may have been written: the checkout then looks
for the order paid under its payment reference. Found, the checkout succeeded and answers
with the order (the charge is kept); not found, the charge is refunded. When even that
question cannot be asked, nothing is refunded and the claim is kept (``OrderOutcomeUnknown``,
503): had the order been written, its transaction would have dropped the claim, so a claim
that outlives its expiry means no order, and the next checkout of the cart refunds it.
A shopper is never told "nothing was charged" when a refund failed (``RefundFailed``).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from app import db
from app.types import MAX_ID
from modstack.errors import CircuitOpenError, CommitOutcomeUnknownError
from modstack.services import BaseService, ServiceRegistry

from ...orders.schemas import LineIn  # a required module's public schema
from ...payments.exceptions import PaymentDeclined  # a required module's gateway error
from ..exceptions import (
    CheckoutError,
    CheckoutInProgress,
    EmptyCart,
    NotEnoughStock,
    OrderNotSaved,
    OrderOutcomeUnknown,
    OrderTooLarge,
    PaymentFailed,
    PaymentRefused,
    PaymentUnavailable,
    RefundFailed,
)
from ..models import CheckoutAttempt
from .claims import Abandoned, CartClaims, Claim

logger = logging.getLogger("app.checkout")


class CheckoutService(BaseService):
    """Places the order for a cart."""

    service_name = "checkout"
    claim_seconds = 60.0
    """How long a claim on a cart lasts: longer than any checkout runs (the gateway's
    retries and timeouts), short enough that a crash does not block the cart for long."""

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
        gateway: Any = services.get_service("payment_gateway", requester="checkout")
        with db.read() as session:
            cart = carts.get(session, tenant, cart_id)
        if not cart.items:
            raise EmptyCart()
        if cart.total_cents > MAX_ID:  # the orders' total is a database integer
            raise OrderTooLarge(cart.total_cents, MAX_ID)
        claim = self._claim(gateway, tenant, cart.id)
        try:
            return self._checkout(services, tenant, claim, email=email, name=name)
        except OrderOutcomeUnknown:
            raise  # the claim stays: its expiry settles the payment (see the docstring)
        except BaseException:
            self._release(claim)
            raise

    def _claim(self, gateway: Any, tenant: str, cart_id: str) -> Claim:
        claims = CartClaims(self.claim_seconds)
        found = claims.take(tenant, cart_id)
        if isinstance(found, Abandoned):
            # Its checkout died, perhaps after charging: give that money back first.
            try:
                gateway.call("refund", found.reference)
            except Exception as error:
                logger.warning("refund of %s (an interrupted checkout) failed: %r",
                               found.reference, error)  # fmt: skip
                raise CheckoutInProgress(
                    "an interrupted checkout of this cart is being settled; "
                    "nothing was charged; try again shortly"
                ) from error
            found = claims.take_over(found)
        if found is None:
            raise CheckoutInProgress()
        return found

    def _checkout(
        self, services: ServiceRegistry, tenant: str, claim: Claim, *, email: str, name: str
    ) -> Any:
        carts: Any = services.get_service("carts", requester="checkout")
        orders: Any = services.get_service("orders", requester="checkout")
        gateway: Any = services.get_service("payment_gateway", requester="checkout")
        ledger: Any = services.get_service("payment_ledger", requester="checkout")
        with db.read() as session:
            cart = carts.get(session, tenant, claim.cart_id)  # as it is now that it is ours
            if not cart.items:
                raise EmptyCart()  # another checkout of it finished first
            lines = [
                LineIn(
                    sku=i.sku, name=i.name, quantity=i.quantity, unit_price_cents=i.unit_price_cents
                )
                for i in cart.items
            ]
            short = orders.shortages(session, tenant, lines)
        if short:
            raise NotEnoughStock(short)
        reference = claim.reference
        charge = self._charge(gateway, reference, cart.total_cents, cart.currency)
        try:
            with db.write() as session:
                if not CartClaims.finish(session, claim):
                    raise CheckoutInProgress(
                        "this checkout took too long and another took the cart over; "
                        "its payment was refunded"
                    )
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
                carts.clear(session, tenant, cart.id, cart.items)
        except CommitOutcomeUnknownError as error:
            return self._settle_unknown(orders, gateway, tenant, reference, error)
        except Exception as error:
            refunded = self._refund(gateway, reference)
            shortages = getattr(error, "shortages", None)
            if not refunded:
                why = "not enough stock" if shortages is not None else "the order failed"
                raise RefundFailed(why, reference) from error
            if shortages is not None:  # the inventory's OutOfStock: someone was faster
                raise NotEnoughStock(shortages) from error
            raise
        return order

    def _settle_unknown(
        self, orders: Any, gateway: Any, tenant: str, reference: str, error: Exception
    ) -> Any:
        """After the order's commit was lost: the order if it was written (the charge
        stays); else refund and raise. Raises OrderOutcomeUnknown when nobody can tell."""
        logger.warning("the order for payment %s may not be written: %s", reference, error)
        try:
            with db.read() as session:
                order = orders.paid_with(session, tenant, reference)
        except Exception:
            logger.exception("cannot tell whether payment %s placed an order; its claim "
                             "settles it when it expires", reference)  # fmt: skip
            raise OrderOutcomeUnknown(reference) from error
        if order is not None:
            return order
        if not self._refund(gateway, reference):
            raise RefundFailed("the order could not be saved", reference) from error
        raise OrderNotSaved() from error

    @staticmethod
    def _release(claim: Claim) -> None:
        try:
            CartClaims.release(claim)
        except Exception:  # the claim then expires on its own
            logger.exception("releasing the claim on cart %s failed", claim.cart_id)

    @classmethod
    def _charge(cls, gateway: Any, reference: str, amount: int, currency: str) -> Any:
        try:
            return gateway.call("charge", reference, amount, currency)
        except CircuitOpenError as error:
            raise PaymentUnavailable(error.retry_in) from error
        except PaymentDeclined as error:  # the gateway's own words, meant for the shopper
            raise PaymentRefused(f"the payment was declined: {error}") from error
        except ConnectionError as error:  # refused: nothing was taken
            raise PaymentFailed(error) from error
        except Exception as error:
            # A timeout or a failure of our own may come after the charge went through.
            logger.warning("charge %s failed: %r; refunding it", reference, error)
            if not cls._refund(gateway, reference):
                raise RefundFailed("the payment did not complete", reference) from error
            raise PaymentFailed(error) from error

    @staticmethod
    def _refund(gateway: Any, reference: str) -> bool:
        """Give ``reference``'s charge back; False (logged) when that failed."""
        try:
            gateway.call("refund", reference)
        except Exception:
            logger.exception("refund of %s failed; settle it by hand", reference)
            return False
        return True

    @staticmethod
    def _record(
        tenant: str,
        cart_id: str | None,
        email: str,
        outcome: str,
        order: str | None,
        error: str | None,
    ) -> None:
        try:
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
        except Exception:  # the answer matters more than its record (the log keeps it)
            logger.exception("recording the %s checkout of cart %s failed", outcome, cart_id)
