"""Who may use the admin frontend (its pages and its API), decided without a framework.

A request is admitted when it carries the admin token (``Authorization: Bearer``) or a
valid admin session cookie (set by the sign-in form). With no credential configured
nothing is admitted, except in development with ``MODSTACK_ADMIN_OPEN=true``. A request
authenticated by the cookie that changes something (not GET/HEAD/OPTIONS) must come from
this site: the cookie is ``SameSite=Lax``, and the browser's ``Sec-Fetch-Site`` /
``Origin`` headers are checked too.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from modstack.settings import ModstackSettings
from modstack.web.auth import (
    Principal,
    SessionSigner,
    bearer_token,
    is_cross_origin,
    token_matches,
)
from modstack.web.throttle import SignInThrottle

SESSION_COOKIE = "modstack_session"
"""The admin session cookie."""
CSRF_COOKIE = "modstack_csrf"
"""The sign-in form's CSRF nonce."""
SIGNIN_PATH = "/admin/signin"
SIGNOUT_PATH = "/admin/signout"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

OPEN_ADMIN = Principal("anonymous", "admin", float("inf"))
"""Who acts when the admin frontend is open (development, by explicit choice)."""


@dataclass(frozen=True)
class Refusal:
    """Why a request may not use the admin frontend: an HTTP status, a code, a detail."""

    status: int
    code: str
    detail: str


@dataclass(frozen=True)
class AdminRequest:
    """The parts of a request the decision reads (each adapter fills it in)."""

    method: str
    authorization: str | None
    session_cookie: str | None
    origin: str | None = None
    fetch_site: str | None = None
    host: str | None = None


class AdminAccess:
    """The admin frontend's door for one app's settings."""

    def __init__(self, settings: ModstackSettings) -> None:
        self.settings = settings
        self.signer = SessionSigner.for_settings(settings, "admin")
        self.throttle = SignInThrottle(limit=settings.signin_limit, window=settings.signin_window)
        """Failed sign-ins per client address (``MODSTACK_SIGNIN_LIMIT`` in
        ``MODSTACK_SIGNIN_WINDOW`` seconds)."""

    @property
    def token(self) -> str | None:
        """The configured admin token, if any."""
        token = self.settings.admin_token
        return token.get_secret_value() if token is not None else None

    def check(self, request: AdminRequest) -> Principal | Refusal:
        """The principal a request acts as, or why it is refused (401 without a valid
        credential, 403 for a cross-site change, 503 with no credential configured)."""
        if self.settings.is_admin_open:
            return OPEN_ADMIN
        given = bearer_token(request.authorization)
        if given is not None:
            if self.token is not None and token_matches(given, self.token):
                return Principal("admin-token", "admin", float("inf"))
            return Refusal(401, "unauthorized", "the admin token is wrong")
        session = self.signer.read(request.session_cookie)
        if session is not None and session.role == "admin":
            if request.method.upper() not in SAFE_METHODS and is_cross_origin(
                request.origin, request.fetch_site, request.host
            ):
                return Refusal(
                    403, "cross_site", "a change signed in by cookie must come from this site"
                )
            return session
        if self.token is None:
            return Refusal(
                503,
                "admin_disabled",
                "the admin frontend needs MODSTACK_ADMIN_TOKEN (or, in development only, "
                "MODSTACK_ADMIN_OPEN=true)",
            )
        return Refusal(
            401,
            "unauthorized",
            f"send Authorization: Bearer <admin token>, or sign in at {SIGNIN_PATH}",
        )

    def sign_in(self, token: str, *, now: float | None = None) -> str | None:
        """The session cookie's value when ``token`` is the admin token, else None."""
        if self.token is None or not token_matches(token, self.token):
            return None
        moment = time.time() if now is None else now
        expires = moment + self.settings.session_lifetime
        return self.signer.sign(Principal("admin-token", "admin", expires))
