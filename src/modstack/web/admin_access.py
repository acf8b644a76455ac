"""Who may use the admin frontend (its pages and its API), decided without a framework.

A request is admitted when it carries the admin token (``Authorization: Bearer``) or a
valid admin session cookie (set by the sign-in form). The viewer token
(``MODSTACK_VIEWER_TOKEN``, or a session signed in with it) admits what only looks
(``GET``, ``HEAD``, ``OPTIONS``); a change by a viewer is refused 403 ``read_only``.
With no credential configured nothing is admitted, except in development with
``MODSTACK_ADMIN_OPEN=true``. A request authenticated by the cookie that changes
something (not GET/HEAD/OPTIONS) must come from this site: the cookie is
``SameSite=Lax``, and the browser's ``Sec-Fetch-Site`` / ``Origin`` headers are checked
too (the ``Origin``'s scheme as well as its host, when the request's scheme is known).
Wrong bearer tokens are counted per client address in the same throttle as the sign-in
form's wrong tokens: past ``MODSTACK_SIGNIN_LIMIT`` the address gets 429 with
``Retry-After``, whatever token it sends.
"""

from __future__ import annotations

import asyncio
import ipaddress
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from modstack.services.redis_throttle import RedisThrottle, Throttle
from modstack.settings import ModstackSettings
from modstack.web.auth import (
    Principal,
    SessionSigner,
    bearer_token,
    is_cross_origin,
    token_matches,
    warn_if_weak,
)
from modstack.web.throttle import SignInThrottle

SESSION_COOKIE = "modstack_session"
"""The admin session cookie."""
CSRF_COOKIE = "modstack_csrf"
"""The sign-in form's CSRF nonce."""
SIGNIN_PATH = "/admin/signin"
SIGNOUT_PATH = "/admin/signout"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="modstack admin"'}
"""What a 401 asks for (RFC 9110: every 401 names its scheme)."""

ADMIN_ROLE = "admin"
"""May see and change everything of the admin frontend."""
VIEWER_ROLE = "viewer"
"""May see what the admin sees (``GET``, ``HEAD``), change nothing: the credential of
``MODSTACK_VIEWER_TOKEN``."""
ROLES = frozenset({ADMIN_ROLE, VIEWER_ROLE})

OPEN_ADMIN = Principal("anonymous", "admin", float("inf"))
"""Who acts when the admin frontend is open (development, by explicit choice)."""


@dataclass(frozen=True)
class AdminRefusal:
    """Why a request may not use the admin frontend: an HTTP status, a code, a detail
    and the headers the answer carries (``Retry-After`` on a 429). Not to be confused
    with :class:`modstack.web.refusals.Refusal`, the gate's answer to a module request."""

    status: int
    code: str
    detail: str
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AdminRequest:
    """The parts of a request the decision reads (each adapter fills it in)."""

    method: str
    authorization: str | None
    session_cookie: str | None
    origin: str | None = None
    fetch_site: str | None = None
    host: str | None = None
    client: str | None = None
    """The client's address: wrong bearer tokens are counted per address."""
    scheme: str | None = None
    """``http`` or ``https`` when known: a cookie-signed change's ``Origin`` must match."""


class AdminAccess:
    """The admin frontend's door for one app's settings."""

    def __init__(self, settings: ModstackSettings, throttle: Throttle | None = None) -> None:
        self.settings = settings
        warn_if_weak(settings)
        self.signer = SessionSigner.for_settings(settings, "admin")
        self.csrf_signer = SessionSigner.for_settings(settings, "admin-csrf")
        """Signs the sign-in forms' CSRF values: its own purpose, so the public value is
        never a signature made with the sessions' key (see
        :func:`modstack.web.auth.issue_csrf`)."""
        self.throttle: Throttle = throttle or SignInThrottle(
            limit=settings.signin_limit, window=settings.signin_window
        )
        """Failed sign-ins per client address (``MODSTACK_SIGNIN_LIMIT`` in
        ``MODSTACK_SIGNIN_WINDOW`` seconds), by the form and by wrong bearer tokens: the
        stack's (:attr:`modstack.stack.Stack.signin_throttle`, shared by every worker
        through Redis when ``MODSTACK_REDIS_URL`` is set), else this door's own."""

    @property
    def token(self) -> str | None:
        """The configured admin token, if any."""
        token = self.settings.admin_token
        return token.get_secret_value() if token is not None else None

    @property
    def blocking(self) -> bool:
        """Whether a check may wait on a server (the throttle counts in Redis): an async
        adapter runs it in a thread (:meth:`check_async`)."""
        return isinstance(self.throttle, RedisThrottle)

    async def check_async(self, request: AdminRequest) -> Principal | AdminRefusal:
        """:meth:`check`, off the event loop when it may wait on Redis."""
        if self.blocking:
            return await asyncio.to_thread(self.check, request)
        return self.check(request)

    @property
    def viewer_token(self) -> str | None:
        """The configured viewer token (read-only), if any."""
        token = self.settings.viewer_token
        return token.get_secret_value() if token is not None else None

    def check(self, request: AdminRequest) -> Principal | AdminRefusal:
        """The principal a request acts as, or why it is refused (401 without a valid
        credential, 403 for a cross-site change or a viewer's change, 429 for an address
        that sent too many wrong tokens, 503 with no credential configured)."""
        found = self._principal(request)
        if isinstance(found, AdminRefusal) or request.method.upper() in SAFE_METHODS:
            return found
        if found.role != ADMIN_ROLE:
            return READ_ONLY
        return found

    def _principal(self, request: AdminRequest) -> Principal | AdminRefusal:
        if self.settings.is_admin_open:
            return OPEN_ADMIN
        if self.token is None:  # switched off: no session made before counts either
            return ADMIN_DISABLED
        given = bearer_token(request.authorization)
        if given is not None:
            return self._check_bearer(given, request.client)
        session = self.signer.read(request.session_cookie)
        if session is not None and session.role in ROLES:
            if request.method.upper() not in SAFE_METHODS and is_cross_origin(
                request.origin, request.fetch_site, request.host, request.scheme
            ):
                return AdminRefusal(
                    403, "cross_site", "a change signed in by cookie must come from this site"
                )
            return session
        return AdminRefusal(
            401,
            "unauthorized",
            f"send Authorization: Bearer <admin token>, or sign in at {SIGNIN_PATH}",
            CHALLENGE,
        )

    def _check_bearer(self, given: str, client: str | None) -> Principal | AdminRefusal:
        """A bearer token, counted: refused (429) while ``client`` is throttled, else
        admitted when it is the admin token, else counted as a failure (401)."""
        guesser = guesser_key(client)
        wait = self.throttle.retry_after(guesser)
        if wait is not None:
            return AdminRefusal(429, "too_many_attempts",
                                "too many wrong admin tokens from your address; wait and retry",
                                {"Retry-After": str(math.ceil(wait))})  # fmt: skip
        role = self._role_of(given)
        if role is not None:
            self.throttle.succeeded(guesser)
            return Principal(f"{role}-token", role, float("inf"))
        self.throttle.failed(guesser)
        return AdminRefusal(401, "unauthorized", "the admin token is wrong", CHALLENGE)

    def sign_in(self, token: str, *, now: float | None = None) -> str | None:
        """The session cookie's value when ``token`` is the admin token (an admin
        session) or the viewer token (a read-only one), else None."""
        role = self._role_of(token)
        if role is None:
            return None
        moment = time.time() if now is None else now
        expires = moment + self.settings.session_lifetime
        return self.signer.sign(Principal(f"{role}-token", role, expires))

    def _role_of(self, token: str) -> str | None:
        """``admin`` for the admin token, ``viewer`` for the viewer token (both compared
        in constant time), else None."""
        if self.token is None:
            return None
        is_admin = token_matches(token, self.token)
        viewer = self.viewer_token
        is_viewer = viewer is not None and token_matches(token, viewer)
        return ADMIN_ROLE if is_admin else VIEWER_ROLE if is_viewer else None


READ_ONLY = AdminRefusal(
    403, "read_only", "the viewer credential may look, not change: sign in with the admin token"
)
"""The refusal of a change (not GET/HEAD/OPTIONS) by a viewer."""

ADMIN_DISABLED = AdminRefusal(
    503,
    "admin_disabled",
    "the admin frontend needs MODSTACK_ADMIN_TOKEN (or, in development only, "
    "MODSTACK_ADMIN_OPEN=true)",
)
"""The refusal of every admin request while no admin credential is configured."""


def guesser_key(client: str | None) -> tuple[str, str | None]:
    """The throttle's key for guesses of the admin token from address ``client`` (shared
    by the sign-in form and bearer tokens): an IPv6 address counts by its /64, which one
    host can rotate through."""
    try:
        address = ipaddress.ip_address(client or "")
    except ValueError:
        return ("admin-signin", client)
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return ("admin-signin", str(address.ipv4_mapped))
        return ("admin-signin", str(ipaddress.ip_network(f"{address}/64", strict=False)))
    return ("admin-signin", str(address))
