"""The platform's invoices and subscription."""

from fastapi import APIRouter, Depends, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...schemas import InvoiceOut, SubscriptionOut
from ...services import Billing

router = APIRouter(dependencies=[Depends(require_vendor)])


def billing_of(request: Request) -> Billing:
    billing: Billing = request.app.state.modstack.services.get_service("billing")
    return billing


@router.get("/invoices", response_model=list[InvoiceOut])
def invoices(request: Request) -> list[InvoiceOut]:
    with db.read() as session:
        return billing_of(request).invoices(session, tenant_of(request))


@router.get("/subscription", response_model=SubscriptionOut | None)
def subscription(request: Request) -> SubscriptionOut | None:
    with db.read() as session:
        return billing_of(request).subscription(session, tenant_of(request))
