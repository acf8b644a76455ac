"""Password hashes with the standard library's scrypt: ``scrypt$n$r$p$salt$hash``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

N, R, P = 2**14, 8, 1
"""scrypt's cost: 16 MiB of memory and a few tens of milliseconds per check."""


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P)
    return f"scrypt${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def password_matches(password: str, stored: str | None) -> bool:
    """Whether ``password`` hashes to ``stored`` (constant-time comparison). With no
    stored hash a dummy one is checked, so an unknown account takes as long."""
    try:
        scheme, n, r, p, salt, digest = (stored or _DUMMY).split("$")
        if scheme != "scrypt":
            return False
        given = hashlib.scrypt(password.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p))
    except ValueError:
        return False
    return stored is not None and hmac.compare_digest(given, _unb64(digest))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


_DUMMY = hash_password(secrets.token_urlsafe(16))
