"""The payments module's services: the gateway (behind retries and a circuit breaker)
and the ledger of captured payments."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.events import record_event
from modstack.services import BaseService

from ..config import PaymentsConfig
from ..events import PaymentCaptured
from ..exceptions import GatewayUnavailable, PaymentDeclined
from ..models import Payment
from ..schemas import Charge, PaymentOut


class PaymentGateway(BaseService):
    """A local, simulated card gateway. It can be told to fail (refuse connections) or
    to slow down (answer after ``slow_seconds``, past the call timeout), so the service
    layer's retries, timeout and breaker can be watched doing their work."""

    service_name = "payment_gateway"
    version = "1.3.0"
    retry_attempts = 3
    retry_delay = 0.05
    retry_max_delay = 0.5
    timeout = 2.0
    failure_threshold = 3
    recovery_timeout = 10.0

    def initialize(self) -> bool:
        config = PaymentsConfig()
        self.mode = config.gateway_mode
        self.slow_seconds = config.slow_seconds
        self.calls = 0
        self.charges: dict[str, Charge] = {}
        self.voided: set[str] = set()
        """References refunded: a charge under one of them is refused, even one that was
        already on its way when the refund came (a call that timed out)."""
        self._lock = threading.Lock()
        return True

    def behave(self, mode: str, slow_seconds: float | None = None) -> None:
        """Switch the simulation: ``ok``, ``fail`` or ``slow``."""
        self.mode = mode
        if slow_seconds is not None:
            self.slow_seconds = slow_seconds

    def charge(self, reference: str, amount_cents: int, currency: str) -> Charge:
        """Take ``amount_cents``. The same ``reference`` never charges twice (a retry
        after a lost answer gets the first charge back), nor after it was refunded.
        Raises GatewayUnavailable, TimeoutError (slow), PaymentDeclined (amount not
        positive, or the reference refunded)."""
        with self._lock:
            self.calls += 1
        if self.mode == "fail":
            raise GatewayUnavailable("payment gateway refused the connection")
        if self.mode == "slow":
            time.sleep(self.slow_seconds)
        if amount_cents <= 0:
            raise PaymentDeclined(f"amount must be positive, got {amount_cents}")
        with self._lock:
            if reference in self.voided:
                raise PaymentDeclined(f"payment {reference} was cancelled")
            if reference not in self.charges:
                self.charges[reference] = Charge(
                    gateway_id=f"ch_{uuid.uuid4().hex[:16]}",
                    reference=reference,
                    amount_cents=amount_cents,
                    currency=currency,
                )
            return self.charges[reference]

    def refund(self, reference: str) -> bool:
        """Give a charge back (when the order could not be written), and void its
        reference so a charge still on its way cannot land. Raises GatewayUnavailable."""
        if self.mode == "fail":
            raise GatewayUnavailable("payment gateway refused the connection")
        with self._lock:
            self.voided.add(reference)
            return self.charges.pop(reference, None) is not None

    def health_check(self) -> dict[str, object]:
        return {"status": "healthy" if self.mode == "ok" else "degraded", "mode": self.mode}


class PaymentLedger(BaseService):
    """Captured payments, written in the caller's transaction with their event."""

    service_name = "payment_ledger"
    version = "1.3.0"

    def record(
        self,
        session: Session,
        tenant: str,
        charge: Charge,
        *,
        order_number: str,
        customer_email: str,
    ) -> PaymentOut:
        payment = Payment(
            tenant=tenant,
            reference=charge.reference,
            order_number=order_number,
            gateway_id=charge.gateway_id,
            amount_cents=charge.amount_cents,
            currency=charge.currency,
            status="captured",
            created_at=datetime.now(UTC),
        )
        session.add(payment)
        session.flush()
        record_event(
            session.connection(),
            PaymentCaptured(
                tenant=tenant,
                reference=charge.reference,
                order_number=order_number,
                amount_cents=charge.amount_cents,
                currency=charge.currency,
                customer_email=customer_email,
            ),
        )
        return PaymentOut.model_validate(payment)

    def list(self, session: Session, tenant: str) -> list[PaymentOut]:
        query = sa.select(Payment).where(Payment.tenant == tenant).order_by(Payment.id.desc())
        return [PaymentOut.model_validate(p) for p in session.scalars(query)]
