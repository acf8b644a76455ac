"""Who may use the vendor and customer routes.

Vendors sign in with their e-mail and password (``/vendor/signin`` in a browser, or
``POST /api/v1/vendor/tenancy/token`` for an API client) and get a signed session: a
cookie scoped to their platform's path, or a bearer token. Every vendor route and page
depends on :func:`require_vendor` (or :func:`require_vendor_page`), which admits only a
vendor *of the request's tenant*: acme's vendor gets 403 at ``/t/ledger/...``.

Customers have no accounts: the checkout gives the browser a signed customer session
(and API clients a ``customer_token``) that names the orders placed with it. "My orders"
lists those orders only: typing someone else's e-mail address at the checkout shows
nothing of theirs. A checkout made with a session carries its earlier orders on (the
newest ``CUSTOMER_ORDERS`` of them).

Sessions are signed with modstack's key (``MODSTACK_SECRET_KEY``), each use with its own
derived key, so a customer session is never a vendor's, nor a vendor's an admin's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import HTTPException, Request, Response

from app.web import tenant_of
from modstack.web.admin_access import SAFE_METHODS
from modstack.web.auth import Principal, SessionSigner, bearer_token, is_cross_origin

VENDOR_COOKIE = "vendor_session"
CUSTOMER_COOKIE = "customer_session"
VENDOR_LIFETIME = 8 * 3600.0
CUSTOMER_LIFETIME = 30 * 24 * 3600.0
CUSTOMER_ORDERS = 50
"""How many orders a customer session remembers (the newest; it travels in a cookie)."""
SIGNIN_PAGE = "/vendor/signin"


def signer(request: Request, purpose: str) -> SessionSigner:
    """The app's signer for ``purpose`` (``"vendor"``, ``"customer"``)."""
    return SessionSigner.for_settings(request.app.state.modstack.settings, purpose)


def vendor_session(request: Request, vendor_code: str, email: str) -> tuple[str, float]:
    """A signed vendor session for the request's tenant, and when it expires."""
    expires = time.time() + VENDOR_LIFETIME
    principal = Principal(vendor_code, "vendor", expires, tenant_of(request), {"email": email})
    return signer(request, "vendor").sign(principal), expires


def find_vendor(request: Request) -> Principal | None:
    """The vendor this request is signed in as (bearer token first, then the cookie).
    A change signed in by cookie must come from this site (as for modstack's admin)."""
    given = bearer_token(request.headers.get("authorization"))
    value = given if given is not None else request.cookies.get(VENDOR_COOKIE)
    principal = signer(request, "vendor").read(value)
    if principal is None or principal.role != "vendor":
        return None
    headers = request.headers
    if (
        given is None
        and request.method not in SAFE_METHODS
        and is_cross_origin(
            headers.get("origin"), headers.get("sec-fetch-site"), headers.get("host")
        )
    ):
        return None
    return principal


async def require_vendor(request: Request) -> Principal:
    """A dependency for vendor API routes: 401 without a valid vendor session, 403 when
    it belongs to another tenant's vendor."""
    principal = find_vendor(request)
    if principal is None:
        raise HTTPException(
            401,
            "sign in as this platform's vendor: POST /api/v1/vendor/tenancy/token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if principal.tenant != tenant_of(request):
        raise HTTPException(403, "signed in as another platform's vendor")
    request.state.vendor = principal
    return principal


async def require_vendor_page(request: Request) -> Principal:
    """A dependency for vendor pages: without a session the browser goes to the sign-in
    form (and comes back here); another tenant's vendor gets 403."""
    principal = find_vendor(request)
    if principal is None:
        root = request.scope.get("root_path", "")
        here = root + request.scope["path"]
        if request.url.query:
            here += "?" + request.url.query
        location = f"{root}{SIGNIN_PAGE}?{urlencode({'next': here})}"
        raise HTTPException(303, "sign in first", headers={"Location": location})
    if principal.tenant != tenant_of(request):
        raise HTTPException(403, "signed in as another platform's vendor")
    request.state.vendor = principal
    return principal


@dataclass(frozen=True)
class Customer:
    """A customer session: the e-mail address last ordered with, and the numbers of the
    orders placed with this session (the only ones it may see)."""

    email: str
    orders: tuple[str, ...]


def customer_session(request: Request, email: str, order_number: str) -> str:
    """A signed customer session for the request's tenant: the request's own session
    (when it has one) with ``order_number`` added."""
    earlier = find_customer(request)
    numbers = (earlier.orders if earlier is not None else ()) + (order_number,)
    expires = time.time() + CUSTOMER_LIFETIME
    extra = {"orders": list(numbers[-CUSTOMER_ORDERS:])}
    principal = Principal(email, "customer", expires, tenant_of(request), extra)
    return signer(request, "customer").sign(principal)


def remember_customer(request: Request, response: Response, session: str) -> None:
    """Give the browser the customer ``session`` (a cookie scoped to this platform's
    path)."""
    response.set_cookie(
        CUSTOMER_COOKIE,
        session,
        max_age=int(CUSTOMER_LIFETIME),
        path=request.scope.get("root_path") or "/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )


def find_customer(request: Request) -> Customer | None:
    """The customer session this request carries at this tenant (``Authorization:
    Bearer <customer_token>`` or the cookie), or None."""
    given = bearer_token(request.headers.get("authorization"))
    value = given if given is not None else request.cookies.get(CUSTOMER_COOKIE)
    principal = signer(request, "customer").read(value)
    if principal is None or principal.role != "customer":
        return None
    if principal.tenant != tenant_of(request):
        return None
    orders = principal.extra.get("orders")
    if not isinstance(orders, list) or not all(isinstance(n, str) for n in orders):
        return None
    return Customer(principal.subject, tuple(orders))


async def require_customer(request: Request) -> Customer:
    """A dependency: the signed-in customer's session, else 401."""
    customer = find_customer(request)
    if customer is None:
        raise HTTPException(
            401,
            "no customer session: check out first (its answer carries a customer_token)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return customer
