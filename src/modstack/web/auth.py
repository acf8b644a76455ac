"""Credentials without a web framework: the admin token, signed session cookies, the
sign-in form's CSRF token and the redirect back after signing in.

A session is a :class:`Principal` (who, in which role, for which tenant, until when)
serialised as JSON and signed with HMAC-SHA256::

    <base64url(json)>.<base64url(mac)>

The signing key is ``MODSTACK_SECRET_KEY``; without one it is derived from the admin
token with scrypt (:data:`SCRYPT_PARAMETERS`: a slow, memory-hard function, so the public
CSRF value of the sign-in form, which is signed with it, cannot be used to guess a weak
token offline at the speed of HMAC; rotating the token ends every session), and without
either it is random per process (sessions end with the process and are not shared
between workers). Each use
(``"admin"``, an app's ``"vendor"`` …) signs with its own key derived from that one, so
a cookie made for one use is never accepted by another.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import logging
import re
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from modstack.settings import ModstackSettings

logger = logging.getLogger("modstack")

_PROCESS_KEY = secrets.token_bytes(32)
"""The key of last resort: no secret and no admin token configured."""

CSRF_LIFETIME = 3600.0
"""Seconds a sign-in form stays valid."""

SCRYPT_SALT = b"modstack session key"
SCRYPT_PARAMETERS = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}
"""How the signing key is derived from the admin token without ``MODSTACK_SECRET_KEY``:
``hashlib.scrypt(token, salt=SCRYPT_SALT, **SCRYPT_PARAMETERS)`` (16 MiB and tens of
milliseconds per derivation; computed once per token and kept)."""
STRONG_TOKEN_LENGTH = 32
"""An admin token shorter than this, with no ``MODSTACK_SECRET_KEY``, is warned about."""


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: ``subject`` in ``role`` (``"admin"``, ``"vendor"`` …),
    for ``tenant`` (None: every tenant), until ``expires`` (Unix seconds). The payload of
    a session; an accounts system later fills ``subject`` with a user id and ``role`` from
    its roles."""

    subject: str
    role: str
    expires: float
    tenant: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_data(self) -> dict[str, Any]:
        """The JSON payload signed into the cookie."""
        data: dict[str, Any] = {"sub": self.subject, "role": self.role, "exp": self.expires}
        if self.tenant is not None:
            data["tenant"] = self.tenant
        if self.extra:
            data["extra"] = self.extra
        return data

    @classmethod
    def from_data(cls, data: Any) -> Principal | None:
        """The principal in a verified payload, or None when its shape is wrong."""
        if not isinstance(data, dict):
            return None
        subject, role, expires = data.get("sub"), data.get("role"), data.get("exp")
        tenant, extra = data.get("tenant"), data.get("extra", {})
        if not (isinstance(subject, str) and isinstance(role, str)):
            return None
        if not isinstance(expires, int | float) or isinstance(expires, bool):
            return None
        if not (tenant is None or isinstance(tenant, str)) or not isinstance(extra, dict):
            return None
        return cls(subject, role, float(expires), tenant, extra)


def signing_key(settings: ModstackSettings) -> bytes:
    """The app's base signing key: the first (newest) key of ``MODSTACK_SECRET_KEY`` (a
    comma-separated list when keys rotate, so adding an older key signs no one out), else
    derived from the admin token, else random for this process."""
    if settings.secret_key is not None:
        keys = [k.strip() for k in settings.secret_key.get_secret_value().split(",")]
        newest = next((k for k in keys if k), "")
        return hmac.new(newest.encode(), b"modstack session key", hashlib.sha256).digest()
    if settings.admin_token is not None:
        return token_key(settings.admin_token.get_secret_value())
    return _PROCESS_KEY


@functools.lru_cache(maxsize=8)
def token_key(token: str) -> bytes:
    """The signing key derived from an admin token with scrypt (see
    :data:`SCRYPT_PARAMETERS`), computed once per token: every guess of an attacker who
    holds a signed value costs the same work."""
    return hashlib.scrypt(token.encode(), salt=SCRYPT_SALT, **SCRYPT_PARAMETERS)


def warn_if_weak(settings: ModstackSettings) -> bool:
    """Log a warning (and answer True) when sessions are signed with a key derived from
    an admin token shorter than :data:`STRONG_TOKEN_LENGTH` characters, outside
    development: such a token can still be guessed offline from the sign-in form."""
    token = settings.admin_token
    if token is None or settings.secret_key is not None or settings.is_development:
        return False
    if len(token.get_secret_value()) >= STRONG_TOKEN_LENGTH:
        return False
    logger.warning(
        "MODSTACK_ADMIN_TOKEN is shorter than %d characters and MODSTACK_SECRET_KEY is not "
        "set: sessions are signed with a key derived from the token, which can be guessed "
        "offline. Set MODSTACK_SECRET_KEY to a long random value (python -c 'import "
        "secrets; print(secrets.token_urlsafe(32))') or use a longer admin token.",
        STRONG_TOKEN_LENGTH,
    )
    return True


class SessionSigner:
    """Signs and verifies sessions for one ``purpose`` (its own derived key)."""

    def __init__(self, key: bytes, purpose: str) -> None:
        self.purpose = purpose
        self._key = hmac.new(key, b"purpose:" + purpose.encode(), hashlib.sha256).digest()

    @classmethod
    def for_settings(cls, settings: ModstackSettings, purpose: str) -> SessionSigner:
        """A signer with the app's key (see :func:`signing_key`)."""
        return cls(signing_key(settings), purpose)

    def sign(self, principal: Principal) -> str:
        """The cookie (or bearer token) value carrying ``principal``."""
        payload = json.dumps(principal.as_data(), separators=(",", ":"), sort_keys=True)
        body = _encode(payload.encode())
        return f"{body}.{_encode(self._mac(body))}"

    def read(self, value: str | None, *, now: float | None = None) -> Principal | None:
        """The principal ``value`` carries; None when it is missing, tampered with,
        signed with another key or purpose, malformed, or expired."""
        if not value or len(value) > 8192:
            return None
        body, dot, mac = value.partition(".")
        if not dot:
            return None
        # Compared as text: base64 has several spellings of the same bytes.
        if not mac.isascii() or not hmac.compare_digest(mac, _encode(self._mac(body))):
            return None
        try:
            payload = json.loads(_decode(body))
        except (ValueError, RecursionError):
            return None
        principal = Principal.from_data(payload)
        if principal is None or principal.expires <= (time.time() if now is None else now):
            return None
        return principal

    def _mac(self, body: str) -> bytes:
        return hmac.new(self._key, body.encode(), hashlib.sha256).digest()


def token_matches(given: str | None, expected: str) -> bool:
    """Whether ``given`` is ``expected``, compared in constant time."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


CSRF_NONCE = re.compile(r"[A-Za-z0-9_-]{22}")
"""What :func:`issue_csrf` puts in the cookie (``secrets.token_urlsafe(16)``)."""


def issue_csrf(
    signer: SessionSigner, *, now: float | None = None, nonce: str | None = None
) -> tuple[str, str]:
    """A fresh ``(cookie value, form value)`` pair for a form: the cookie holds a random
    nonce, the form a signed copy of it (double submit, signed).

    Why signed, and with a key from the configuration: the signature gives the form an
    expiry (:data:`CSRF_LIFETIME`) and means a value was issued by this app, and a form
    served by one worker must be accepted by another (``--workers N``, several hosts), so
    the key cannot be random per process; a separate random per-deployment CSRF secret
    would be one more setting to share. The admin form signs it for its own purpose
    (``admin-csrf``), never with the sessions' own key. The value is public (anyone can ``GET`` the
    form), so it must not make the key cheap to guess: without ``MODSTACK_SECRET_KEY``
    the key is derived from the admin token with scrypt (:func:`token_key`), and
    :func:`warn_if_weak` warns about a short token."""
    if nonce is None or not CSRF_NONCE.fullmatch(nonce):  # keep a well-formed one: other
        nonce = secrets.token_urlsafe(16)  # open pages' forms stay valid
    moment = time.time() if now is None else now
    form = signer.sign(Principal(nonce, "csrf", moment + CSRF_LIFETIME))
    return nonce, form


def csrf_matches(
    signer: SessionSigner, cookie: str | None, form: str | None, *, now: float | None = None
) -> bool:
    """Whether a submitted form's CSRF value is one we issued, unexpired, for the nonce
    in this browser's CSRF cookie."""
    principal = signer.read(form, now=now)
    if principal is None or principal.role != "csrf" or cookie is None:
        return False
    return token_matches(cookie, principal.subject)


def safe_next(target: str | None, default: str = "/") -> str:
    """``target`` when it is a path on this site, else ``default``: the redirect back
    after signing in never leaves the site (no scheme, no host, no ``//``, no ``\\``,
    no control characters)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    if any(ord(char) < 0x20 or ord(char) == 0x7F or char == "\\" for char in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return default
    return target


def is_cross_origin(
    origin: str | None, fetch_site: str | None, host: str | None, scheme: str | None = None
) -> bool:
    """Whether a browser says the request comes from another origin (``Sec-Fetch-Site``,
    else ``Origin`` against ``Host``, and against the request's ``scheme`` when it is
    known: ``http://site`` is another origin than ``https://site``). A request that says
    nothing is not cross-origin: non-browser clients send neither header, and browsers
    send at least one on a POST."""
    if fetch_site is not None:
        return fetch_site.lower() not in ("same-origin", "none")
    if origin is None:
        return False
    if origin == "null":
        return True
    parts = urlsplit(origin)
    if scheme is not None and parts.scheme.lower() != scheme.lower():
        return True
    return parts.netloc.lower() != (host or "").lower()


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
