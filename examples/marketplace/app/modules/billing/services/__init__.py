"""The billing module's services."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..models import Invoice, Plan, Subscription
from ..schemas import InvoiceOut, PlanOut, SubscriptionOut


class Billing(BaseService):
    """Invoices for captured payments and for platform subscriptions."""

    service_name = "billing"
    version = "1.2.0"

    def invoice(
        self,
        session: Session,
        tenant: str,
        *,
        kind: str,
        source: str,
        recipient: str,
        description: str,
        amount_cents: int,
        currency: str,
    ) -> InvoiceOut:
        """Issue the invoice for ``source`` — once: issuing it again returns the first."""
        found = session.scalar(sa.select(Invoice).where(Invoice.source == source))
        if found is None:
            count = session.scalar(
                sa.select(sa.func.count()).select_from(Invoice).where(Invoice.tenant == tenant)
            )
            found = Invoice(
                tenant=tenant,
                number=f"INV-{tenant[:3].upper()}-{(count or 0) + 1:05d}",
                kind=kind,
                source=source,
                recipient=recipient,
                description=description,
                amount_cents=amount_cents,
                currency=currency,
                issued_at=datetime.now(UTC),
            )
            session.add(found)
            session.flush()
        return InvoiceOut.model_validate(found)

    def invoices(self, session: Session, tenant: str) -> list[InvoiceOut]:
        query = sa.select(Invoice).where(Invoice.tenant == tenant).order_by(Invoice.id.desc())
        return [InvoiceOut.model_validate(i) for i in session.scalars(query)]

    def plans(self, session: Session) -> list[PlanOut]:
        return [
            PlanOut.model_validate(p)
            for p in session.scalars(sa.select(Plan).order_by(Plan.monthly_cents))
        ]

    def add_plan(
        self, session: Session, code: str, name: str, monthly_cents: int, currency: str = "EUR"
    ) -> PlanOut:
        plan = Plan(code=code, name=name, monthly_cents=monthly_cents, currency=currency)
        session.add(plan)
        session.flush()
        return PlanOut.model_validate(plan)

    def subscribe(self, session: Session, tenant: str, plan_code: str) -> SubscriptionOut:
        row = session.get(Subscription, tenant) or Subscription(tenant=tenant)
        row.plan_code, row.status, row.started_at = plan_code, "active", datetime.now(UTC)
        session.add(row)
        session.flush()
        return SubscriptionOut.model_validate(row)

    def subscription(self, session: Session, tenant: str) -> SubscriptionOut | None:
        row = session.get(Subscription, tenant)
        return SubscriptionOut.model_validate(row) if row else None

    def bill_subscription(
        self, session: Session, tenant: str, month: str, recipient: str
    ) -> InvoiceOut | None:
        """The month's subscription invoice (None without a subscription)."""
        subscription = session.get(Subscription, tenant)
        if subscription is None:
            return None
        plan = session.get(Plan, subscription.plan_code)
        assert plan is not None
        return self.invoice(
            session,
            tenant,
            kind="subscription",
            source=f"subscription:{tenant}:{month}",
            recipient=recipient,
            description=f"{plan.name} plan, {month}",
            amount_cents=plan.monthly_cents,
            currency=plan.currency,
        )
