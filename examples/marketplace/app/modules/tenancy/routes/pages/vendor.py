"""The vendor sign-in form (/vendor/signin) and sign-out (/vendor/signout).

The session cookie is signed, ``HttpOnly``, ``SameSite=Lax`` and scoped to the
platform's path (``/t/<tenant>``). Both forms carry a CSRF token; the redirect back
after signing in stays on this site.
"""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import db
from app.auth import VENDOR_COOKIE, VENDOR_LIFETIME, find_vendor, signer, vendor_session
from app.web import render, tenant_of
from modstack.fastapi.endpoints import read_form
from modstack.web.auth import CSRF_LIFETIME, csrf_matches, issue_csrf, safe_next

from ...exceptions import TooManySignIns
from ..api.vendor import directory_of

router = APIRouter()
CSRF_COOKIE = "vendor_csrf"


@router.get("/signin", response_class=HTMLResponse)
def signin_page(request: Request, next: str = "") -> HTMLResponse:
    return _form(request, safe_next(next, _home(request)))


@router.post("/signin", response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    form = await read_form(request)
    target = safe_next(form.get("next"), _home(request))
    if not csrf_matches(
        signer(request, "vendor-csrf"), request.cookies.get(CSRF_COOKIE), form.get("csrf")
    ):
        return _form(request, target, error="vendor.signin.expired", status=403)
    client = request.client.host if request.client else None
    try:
        with db.read() as session:
            vendor = directory_of(request).authenticate(
                session,
                tenant_of(request),
                form.get("email", ""),
                form.get("password", ""),
                client=client,
            )
    except TooManySignIns as refused:
        response = _form(request, target, error="vendor.signin.throttled", status=429)
        response.headers["Retry-After"] = str(refused.retry_after)
        return response
    if vendor is None:
        return _form(request, target, error="vendor.signin.wrong", status=401)
    value, _ = vendor_session(request, vendor.code, vendor.email)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        VENDOR_COOKIE,
        value,
        max_age=int(VENDOR_LIFETIME),
        path=_root(request),
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    response.delete_cookie(CSRF_COOKIE, path=_root(request))
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    form = await read_form(request)
    if not csrf_matches(
        signer(request, "vendor-csrf"), request.cookies.get(CSRF_COOKIE), form.get("csrf")
    ):
        return _form(request, _home(request), error="vendor.signin.expired", status=403)
    response = RedirectResponse(_root(request) + "/vendor/signin", status_code=303)
    response.delete_cookie(VENDOR_COOKIE, path=_root(request))
    return response


def _form(request: Request, target: str, *, error: str = "", status: int = 200) -> HTMLResponse:
    nonce, csrf = issue_csrf(signer(request, "vendor-csrf"))
    response = render(
        request,
        "tenancy/vendor/signin.html",
        status_code=status,
        csrf=csrf,
        next=target,
        error=error,
        vendor=find_vendor(request),
    )
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(
        CSRF_COOKIE,
        nonce,
        max_age=int(CSRF_LIFETIME),
        path=_root(request),
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return response


def _root(request: Request) -> str:
    return request.scope.get("root_path") or "/"


def _home(request: Request) -> str:
    return request.scope.get("root_path", "") + "/vendor/dashboard"
