"""The platform's customers."""

from fastapi import APIRouter, Depends, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...schemas import CustomerOut
from ...services import CustomerDirectory

router = APIRouter(dependencies=[Depends(require_vendor)])


@router.get("/", response_model=list[CustomerOut])
def customers(request: Request) -> list[CustomerOut]:
    directory: CustomerDirectory = request.app.state.modstack.services.get_service("customers")
    with db.read() as session:
        return directory.list(session, tenant_of(request))
