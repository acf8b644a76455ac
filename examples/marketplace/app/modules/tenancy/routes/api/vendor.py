"""The signed-in platform's vendors."""

from fastapi import APIRouter, Request

from app import db
from app.web import tenant_of

from ...schemas import VendorOut
from ...services import VendorDirectory

router = APIRouter()


@router.get("/vendors", response_model=list[VendorOut])
def vendors(request: Request) -> list[VendorOut]:
    directory: VendorDirectory = request.app.state.modstack.services.get_service("vendors")
    with db.read() as session:
        return directory.list(session, tenant_of(request))
