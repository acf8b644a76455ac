"""Platform administration: vendors and admin users (admin token required)."""

from fastapi import APIRouter, HTTPException, Request, status

from app import db
from app.web import tenant_of

from ...exceptions import VendorExists
from ...schemas import AdminUserOut, NewVendor, VendorOut
from ...services import VendorDirectory

router = APIRouter()  # under the admin frontend: modstack requires the admin credential


def _directory(request: Request) -> VendorDirectory:
    directory: VendorDirectory = request.app.state.modstack.services.get_service("vendors")
    return directory


@router.post("/vendors", response_model=VendorOut, status_code=status.HTTP_201_CREATED)
def add_vendor(request: Request, vendor: NewVendor) -> VendorOut:
    try:
        with db.write() as session:
            return _directory(request).add(session, tenant_of(request), vendor)
    except VendorExists as error:
        raise HTTPException(409, str(error)) from None


@router.get("/admin-users", response_model=list[AdminUserOut])
def admin_users(request: Request) -> list[AdminUserOut]:
    with db.read() as session:
        return _directory(request).admins(session)
