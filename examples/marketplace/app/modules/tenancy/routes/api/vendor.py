"""Vendors sign in (``POST /token``: e-mail and password for a bearer token), and the
signed-in platform's vendors."""

from fastapi import APIRouter, Depends, HTTPException, Request

from app import db
from app.auth import require_vendor, vendor_session
from app.web import tenant_of

from ...exceptions import TooManySignIns
from ...schemas import SignIn, TokenOut, VendorOut
from ...services import VendorDirectory

router = APIRouter()


def directory_of(request: Request) -> VendorDirectory:
    directory: VendorDirectory = request.app.state.modstack.services.get_service("vendors")
    return directory


@router.post("/token", response_model=TokenOut)
def token(request: Request, credentials: SignIn) -> TokenOut:
    """A bearer token for this platform's vendor with these credentials; 401 otherwise."""
    client = request.client.host if request.client else None
    try:
        with db.read() as session:
            vendor = directory_of(request).authenticate(
                session, tenant_of(request), credentials.email, credentials.password, client=client
            )
    except TooManySignIns as refused:
        headers = {"Retry-After": str(refused.retry_after)}
        raise HTTPException(429, str(refused), headers=headers) from None
    if vendor is None:
        raise HTTPException(401, "wrong e-mail or password", headers={"WWW-Authenticate": "Bearer"})
    value, expires = vendor_session(request, vendor.code, vendor.email)
    return TokenOut(token=value, expires=expires, vendor=vendor.code)


@router.get("/vendors", response_model=list[VendorOut], dependencies=[Depends(require_vendor)])
def vendors(request: Request) -> list[VendorOut]:
    with db.read() as session:
        return directory_of(request).list(session, tenant_of(request))
