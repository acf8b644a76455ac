"""The admin sign-in form (``GET/POST /admin/signin``, ``POST /admin/signout``) and the
admin pages' door, decided without a framework.

A browser cannot send a bearer token when following a link, so the admin pages send it
to the form: it takes the admin token and sets a signed session cookie (``HttpOnly``,
``SameSite=Lax``, ``Secure`` over HTTPS), then redirects back to the page asked for
(``next``: a path on this site, never elsewhere). Both forms carry a CSRF token (a
signed copy of a nonce kept in a cookie). With no admin token (and the admin frontend
not open) the form is closed: 503. An adapter builds a :class:`FormRequest`, calls
:class:`SignIn` and sends the :class:`~modstack.web.reply.Reply`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, urlencode

from modstack.web.admin_access import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SIGNIN_PATH,
    SIGNOUT_PATH,
    AdminAccess,
    AdminRefusal,
    AdminRequest,
    guesser_key,
)
from modstack.web.auth import CSRF_LIFETIME, csrf_matches, issue_csrf, safe_next
from modstack.web.reply import PAGE_HEADERS, Cookie, Reply

FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FORM_BYTES = 16_384
"""A sign-in form bigger than this is no form (read as empty)."""
MAX_FORM_FIELDS = 20
TOO_LARGE = f"The form is too large (over {MAX_FORM_BYTES} bytes); please try again."
THROTTLED = "Too many wrong tokens from your address; please wait a few minutes."
CLOSED = (
    "Sign-in is closed: this app has no admin token. Set MODSTACK_ADMIN_TOKEN (or, in "
    "development only, MODSTACK_ADMIN_OPEN=true)."
)


def is_form(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` is an urlencoded form's (the only form read)."""
    return (content_type or "").split(";")[0].strip().lower() == FORM_TYPE


def parse_form(body: bytes, content_type: str | None) -> dict[str, str]:
    """An urlencoded form's first value per field; empty when it is not such a form,
    bigger than :data:`MAX_FORM_BYTES` or has more than 20 fields (no multipart, no
    file uploads)."""
    if not is_form(content_type) or len(body) > MAX_FORM_BYTES:
        return {}
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=MAX_FORM_FIELDS)
    except ValueError:
        return {}
    return {name: values[0] for name, values in fields.items()}


@dataclass(frozen=True)
class FormRequest:
    """What the sign-in forms read of a request (each adapter fills it in): the admin
    credential (``admin``), the posted ``form`` fields (see :func:`parse_form`), the
    ``query``'s ``next``, the cookies, the app's ``root_path``, the ``scheme`` and the
    ``client``'s address."""

    admin: AdminRequest
    form: Mapping[str, str] = field(default_factory=dict)
    query: Mapping[str, str] = field(default_factory=dict)
    cookies: Mapping[str, str] = field(default_factory=dict)
    root_path: str = ""
    scheme: str = "http"
    client: str | None = None
    """The client's address (failed sign-ins are counted per address)."""
    oversized: bool = False
    """The posted body was bigger than :data:`MAX_FORM_BYTES` (read no further)."""

    def target(self, given: str | None) -> str:
        """Where to go after signing in: ``given`` when it is a path on this site,
        else the site's root (``root_path + "/"`` when that too is a path on this site,
        else ``/``: a ``root_path`` such as ``//evil.com`` never leads off the site)."""
        return safe_next(given, self.on_site("/"))

    def on_site(self, path: str) -> str:
        """``root_path + path`` when that is a path on this site, else ``path``."""
        return safe_next(self.root_path + path, path)


class SignIn:
    """The sign-in and sign-out forms of one app (its :class:`AdminAccess`)."""

    ROUTES = (("GET", SIGNIN_PATH, "page"), ("POST", SIGNIN_PATH, "submit"),
              ("POST", SIGNOUT_PATH, "sign_out"))  # fmt: skip
    """(method, path, method of this class) of every form route, for an adapter's loop."""

    def __init__(self, access: AdminAccess) -> None:
        self.access = access

    @property
    def closed(self) -> bool:
        """No token to sign in with, and the admin frontend is not open."""
        return self.access.token is None and not self.access.settings.is_admin_open

    def handler(self, name: str) -> Callable[[FormRequest], Reply]:
        """The method answering the route named ``name`` in :attr:`ROUTES`. Raises
        ValueError for a name that is not there."""
        handlers = {"page": self.page, "submit": self.submit, "sign_out": self.sign_out}
        if name not in handlers:
            raise ValueError(f"SignIn has no route {name!r}; choices are: {sorted(handlers)}")
        return handlers[name]

    def answer(self, name: str, request: FormRequest) -> Reply:
        """The answer of the route named ``name`` in :attr:`ROUTES` (see :meth:`handler`);
        a posted form over :data:`MAX_FORM_BYTES` is refused 413 (the form again, saying
        so) before its CSRF token or anything else is looked at."""
        handler = self.handler(name)
        if request.oversized:
            return self._form(request, request.target(None), error=TOO_LARGE, status=413)
        return handler(request)

    def page(self, request: FormRequest) -> Reply:
        """``GET``: the sign-in form (or, already signed in, the sign-out button)."""
        target = request.target(request.query.get("next"))
        if self.closed:
            return self._form(request, target, error=CLOSED, status=503)
        signed_in = not isinstance(self.access.check(request.admin), AdminRefusal)
        return self._form(request, target, signed_in=signed_in)

    def submit(self, request: FormRequest) -> Reply:
        """``POST``: check the CSRF token and the admin token (constant time); on success
        set the session cookie and redirect to ``next``. After ``MODSTACK_SIGNIN_LIMIT``
        wrong tokens from one address: 429 with ``Retry-After``, whatever is posted."""
        target = request.target(request.form.get("next"))
        if self.closed:
            return self._form(request, target, error=CLOSED, status=503)
        if not self._csrf_ok(request):
            return self._form(request, target, error="The form expired; please try again.",
                              status=403)  # fmt: skip
        guesser = guesser_key(request.client)
        wait = self.access.throttle.retry_after(guesser)
        if wait is not None:
            refused = self._form(request, target, error=THROTTLED, status=429)
            retry = {"Retry-After": str(math.ceil(wait))}
            return replace(refused, headers={**refused.headers, **retry})
        session = self.access.sign_in(request.form.get("token", ""))
        if session is None:
            self.access.throttle.failed(guesser)
            return self._form(request, target, error="That is not the admin token.", status=401)
        self.access.throttle.succeeded(guesser)
        lifetime = int(self.access.settings.session_lifetime)
        cookie = Cookie(SESSION_COOKIE, session, lifetime, secure=request.scheme == "https")
        return Reply.redirect(target, cookies=(cookie, Cookie(CSRF_COOKIE)))

    def sign_out(self, request: FormRequest) -> Reply:
        """``POST``: forget the session cookie (CSRF-checked, so no other site can sign
        you out)."""
        if not self._csrf_ok(request):
            return Reply.error(403, "csrf", "the sign-out form expired; sign out from a fresh page")
        return Reply.redirect(request.on_site(SIGNIN_PATH), cookies=(Cookie(SESSION_COOKIE),))

    def _csrf_ok(self, request: FormRequest) -> bool:
        cookie, posted = request.cookies.get(CSRF_COOKIE), request.form.get("csrf")
        return csrf_matches(self.access.csrf_signer, cookie, posted)

    def _form(
        self, request: FormRequest, target: str, *, signed_in: bool = False, error: str = "",
        status: int = 200,
    ) -> Reply:  # fmt: skip
        nonce, csrf = issue_csrf(self.access.csrf_signer)
        if signed_in:
            title, action, button, fields = "Signed in", SIGNOUT_PATH, "Sign out", ""
        else:
            title, action, button, fields = "Admin sign-in", SIGNIN_PATH, "Sign in", _TOKEN_FIELD
        message = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
        page = _PAGE.format(
            title=title,
            message=message,
            action=html.escape(request.on_site(action)),
            csrf=html.escape(csrf),
            next=html.escape(target),
            fields=fields,
            button=button,
        )
        cookie = Cookie(CSRF_COOKIE, nonce, int(CSRF_LIFETIME), secure=request.scheme == "https",
                        same_site="strict")  # fmt: skip
        headers = {"Cache-Control": "no-store", **PAGE_HEADERS}
        return Reply(status, page, headers=headers, cookies=(cookie,))


def admin_page_refusal(refusal: AdminRefusal, root_path: str, path: str, query: str) -> Reply:
    """What an admin page answers a request without the admin credential: a browser
    is sent (303) to the sign-in form, which brings it back to ``root_path + path`` (with
    its ``query``); any other refusal (403, 503) is the JSON error."""
    if refusal.status != 401:
        return Reply.error(refusal.status, refusal.code, refusal.detail, refusal.headers)
    here = root_path + path + (f"?{query}" if query else "")
    form = safe_next(root_path + SIGNIN_PATH, SIGNIN_PATH)
    return Reply.redirect(f"{form}?{urlencode({'next': here})}")


_TOKEN_FIELD = (
    '<label for="token">Admin token</label>'
    '<input id="token" name="token" type="password" autocomplete="current-password"'
    " required autofocus>"
)

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · admin</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}}
label,input,button{{display:block;width:100%;margin:.4rem 0}}input{{padding:.4rem}}
.error{{color:#b00020}}</style></head>
<body><h1>{title}</h1>{message}
<form method="post" action="{action}">
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="next" value="{next}">
{fields}
<button type="submit">{button}</button>
</form></body></html>
"""
