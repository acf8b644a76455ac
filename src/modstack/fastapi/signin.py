"""The admin sign-in form: ``GET/POST /admin/signin`` and ``POST /admin/signout``.

A browser cannot send a bearer token when following a link, so the admin pages send it
here: the form takes the admin token and sets a signed session cookie (``HttpOnly``,
``SameSite=Lax``, ``Secure`` over HTTPS), then redirects back to the page asked for.
Both forms carry a CSRF token (a signed copy of a nonce kept in a cookie).
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from modstack.fastapi.admin import admin_access, admin_decision
from modstack.fastapi.gate import json_error
from modstack.web.admin_access import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    SIGNIN_PATH,
    SIGNOUT_PATH,
    Refusal,
)
from modstack.web.auth import CSRF_LIFETIME, csrf_matches, issue_csrf, safe_next

router = APIRouter(include_in_schema=False)

MAX_FORM_BYTES = 16_384

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


@router.get(SIGNIN_PATH, response_class=HTMLResponse)
def signin_form(request: Request) -> Response:
    """The sign-in form (or, already signed in, the sign-out button)."""
    target = safe_next(request.query_params.get("next"), _root(request) + "/")
    if _closed(request):
        return _form(request, target, error=CLOSED, status=503)
    return _form(request, target, signed_in=not isinstance(admin_decision(request), Refusal))


@router.post(SIGNIN_PATH, response_class=HTMLResponse)
async def signin(request: Request) -> Response:
    """Check the CSRF token and the admin token (constant time); on success set the
    session cookie and redirect to ``next`` (a path on this site, never elsewhere)."""
    form = await read_form(request)
    target = safe_next(form.get("next"), _root(request) + "/")
    if _closed(request):
        return _form(request, target, error=CLOSED, status=503)
    access = admin_access(request)
    if not csrf_matches(access.signer, request.cookies.get(CSRF_COOKIE), form.get("csrf")):
        return _form(request, target, error="The form expired; please try again.", status=403)
    session = access.sign_in(form.get("token", ""))
    if session is None:
        return _form(request, target, error="That is not the admin token.", status=401)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=int(access.settings.session_lifetime),
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="lax",
    )
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.post(SIGNOUT_PATH)
async def signout(request: Request) -> Response:
    """Forget the session cookie (CSRF-checked, so no other site can sign you out)."""
    form = await read_form(request)
    access = admin_access(request)
    if not csrf_matches(access.signer, request.cookies.get(CSRF_COOKIE), form.get("csrf")):
        return json_error(403, "csrf", "the sign-out form expired; sign out from a fresh page")
    response = RedirectResponse(_root(request) + SIGNIN_PATH, status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


CLOSED = (
    "Sign-in is closed: this app has no admin token. Set MODSTACK_ADMIN_TOKEN (or, in "
    "development only, MODSTACK_ADMIN_OPEN=true)."
)


def _closed(request: Request) -> bool:
    """No token to sign in with, and the admin frontend is not open."""
    access = admin_access(request)
    return access.token is None and not access.settings.is_admin_open


def _form(
    request: Request, target: str, *, signed_in: bool = False, error: str = "", status: int = 200
) -> HTMLResponse:
    access = admin_access(request)
    nonce, csrf = issue_csrf(access.signer)
    if signed_in:
        title, action, button, fields = "Signed in", SIGNOUT_PATH, "Sign out", ""
    else:
        title, action, button = "Admin sign-in", SIGNIN_PATH, "Sign in"
        fields = (
            '<label for="token">Admin token</label>'
            '<input id="token" name="token" type="password" autocomplete="current-password"'
            " required autofocus>"
        )
    message = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    page = _PAGE.format(
        title=title,
        message=message,
        action=html.escape(_root(request) + action),
        csrf=html.escape(csrf),
        next=html.escape(target),
        fields=fields,
        button=button,
    )
    response = HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        CSRF_COOKIE,
        nonce,
        max_age=int(CSRF_LIFETIME),
        path="/",
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return response


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form's first value per field (empty when it is too big or not a
    form): no multipart, no file uploads."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        return {}
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=20)
    except ValueError:
        return {}
    return {name: values[0] for name, values in fields.items()}


def _root(request: Request) -> str:
    root: str = request.scope.get("root_path", "")
    return root
