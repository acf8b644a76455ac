"""The platform's captured payments."""

from fastapi import APIRouter, Depends, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...schemas import PaymentOut
from ...services import PaymentLedger

router = APIRouter(dependencies=[Depends(require_vendor)])


@router.get("/", response_model=list[PaymentOut])
def payments(request: Request) -> list[PaymentOut]:
    ledger: PaymentLedger = request.app.state.modstack.services.get_service("payment_ledger")
    with db.read() as session:
        return ledger.list(session, tenant_of(request))
