"""``Reply``: an HTTP answer in no framework's terms (status, body, headers, cookies to
set or delete, a redirect), which each adapter turns into its framework's response."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

PAGE_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
"""Headers of every HTML page modstack itself serves (the sign-in form, the error page):
never framed (no clickjacking), never content-sniffed, no address sent to other sites."""


@dataclass(frozen=True, slots=True)
class Cookie:
    """A cookie to set (``max_age`` 0: to delete). Always ``path=/``."""

    name: str
    value: str = ""
    max_age: int = 0
    secure: bool = False
    http_only: bool = True
    same_site: str = "lax"

    @property
    def deleted(self) -> bool:
        """True for a cookie the browser should forget."""
        return self.max_age == 0

    def options(self) -> dict[str, Any]:
        """The keywords of ``set_cookie`` in Starlette, Werkzeug and Django alike."""
        return {"max_age": self.max_age, "path": "/", "secure": self.secure,
                "httponly": self.http_only, "samesite": self.same_site}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reply:
    """``status``, ``body`` (text) of ``content_type``, ``headers`` and ``cookies``."""

    status: int
    body: str = ""
    content_type: str = "text/html; charset=utf-8"
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: tuple[Cookie, ...] = ()

    @classmethod
    def json(cls, status: int, body: Any, headers: Mapping[str, str] | None = None) -> Reply:
        """A JSON answer."""
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return cls(status, text, "application/json", headers or {})

    @classmethod
    def redirect(cls, location: str, *, cookies: tuple[Cookie, ...] = ()) -> Reply:
        """A ``303 See Other`` to ``location`` (percent-encoded where a header needs it)."""
        encoded = quote(location, safe=":/%#?=@[]!$&'()*+,;")
        return cls(303, "", "text/plain", {"Location": encoded}, cookies)

    @classmethod
    def error(
        cls, status: int, code: str, detail: str, headers: Mapping[str, str] | None = None
    ) -> Reply:
        """A JSON error in the gate's shape: ``{"code": ..., "detail": ...}``."""
        return cls.json(status, {"code": code, "detail": detail}, headers)


def put_cookies(reply: Reply, response: Any) -> None:
    """Set and delete ``reply``'s cookies on ``response``: a Starlette, Werkzeug or Django
    response (``set_cookie`` and ``delete_cookie`` alike in all three)."""
    for cookie in reply.cookies:
        if cookie.deleted:
            response.delete_cookie(cookie.name, path="/")
        else:
            response.set_cookie(cookie.name, cookie.value, **cookie.options())
