"""The sign-in flow without a framework: the form, the CSRF check, the admin token, the
session cookie's attributes, the redirect back (never off the site), the closed form,
and the form parser's limits, fuzzed."""

from __future__ import annotations

import re
from urllib.parse import urlencode, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from modstack.settings import ModstackSettings
from modstack.web.admin_access import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    AdminAccess,
    AdminRefusal,
    AdminRequest,
)
from modstack.web.reply import Reply
from modstack.web.signin import (
    MAX_FORM_BYTES,
    FormRequest,
    SignIn,
    admin_page_refusal,
    parse_form,
)

TOKEN = "unit-admin-token"
FORM = "application/x-www-form-urlencoded"
NO_CREDENTIAL = AdminRequest("GET", None, None)


def _settings(**changes: object) -> ModstackSettings:
    given: dict[str, object] = {"admin_token": SecretStr(TOKEN), **changes}
    return ModstackSettings(environment="test", _env_file=None, **given)  # type: ignore[call-arg, arg-type]


def _csrf(reply: Reply) -> tuple[str, str]:
    """(cookie nonce, form value) of a form page."""
    cookie = next(c for c in reply.cookies if c.name == CSRF_COOKIE)
    found = re.search(r'name="csrf" value="([^"]+)"', reply.body)
    assert found is not None
    return cookie.value, found.group(1)


def _submit(signin: SignIn, fields: dict[str, str], *, scheme: str = "http") -> Reply:
    nonce, csrf = _csrf(signin.page(FormRequest(NO_CREDENTIAL)))
    form = {"csrf": csrf, **fields}
    request = FormRequest(NO_CREDENTIAL, form, cookies={CSRF_COOKIE: nonce}, scheme=scheme)
    return signin.submit(request)


def test_the_right_token_sets_a_lax_http_only_session_and_goes_back() -> None:
    signin = SignIn(AdminAccess(_settings()))
    reply = _submit(signin, {"token": TOKEN, "next": "/admin/ops?x=1"}, scheme="https")
    assert (reply.status, reply.headers["Location"]) == (303, "/admin/ops?x=1")
    session = next(c for c in reply.cookies if c.name == SESSION_COOKIE)
    assert (session.http_only, session.same_site, session.secure) == (True, "lax", True)
    assert session.max_age == int(signin.access.settings.session_lifetime)
    assert any(c.name == CSRF_COOKIE and c.deleted for c in reply.cookies)
    signed_in = AdminRequest("GET", None, session.value)
    assert not isinstance(signin.access.check(signed_in), AdminRefusal)
    page = signin.page(FormRequest(signed_in))
    assert "Sign out" in page.body


def test_a_wrong_token_a_forged_csrf_and_a_closed_form_are_refused() -> None:
    signin = SignIn(AdminAccess(_settings()))
    wrong = _submit(signin, {"token": "guess"})
    assert wrong.status == 401
    assert not any(c.name == SESSION_COOKIE for c in wrong.cookies)
    nonce, _ = _csrf(signin.page(FormRequest(NO_CREDENTIAL)))
    forged = FormRequest(NO_CREDENTIAL, {"csrf": "x", "token": TOKEN}, cookies={CSRF_COOKIE: nonce})
    assert signin.submit(forged).status == 403
    assert signin.sign_out(forged).status == 403
    closed = SignIn(AdminAccess(_settings(admin_token=None)))
    assert closed.page(FormRequest(NO_CREDENTIAL)).status == 503
    assert _submit(closed, {"token": ""}).status == 503


def test_the_form_escapes_what_it_echoes_and_keeps_the_root_path() -> None:
    signin = SignIn(AdminAccess(_settings()))
    page = signin.page(
        FormRequest(NO_CREDENTIAL, query={"next": '/a"><script>'}, root_path="/t/acme")
    )
    assert "<script>" not in page.body
    assert 'action="/t/acme/admin/signin"' in page.body
    assert page.headers["Cache-Control"] == "no-store"


def test_an_admin_page_sends_a_browser_to_the_form_and_back() -> None:
    refusal = AdminRefusal(401, "unauthorized", "sign in")
    reply = admin_page_refusal(refusal, "/t/acme", "/admin/ops", "page=2")
    location = reply.headers["Location"]
    assert reply.status == 303
    assert location.startswith("/t/acme/admin/signin?")
    assert urlsplit(location).query == urlencode({"next": "/t/acme/admin/ops?page=2"})
    disabled = admin_page_refusal(AdminRefusal(503, "admin_disabled", "no token"), "", "/admin", "")
    assert (disabled.status, disabled.content_type) == (503, "application/json")


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=400), content_type=st.sampled_from([FORM, FORM + "; charset=utf-8",
       "multipart/form-data", "text/plain", "", "APPLICATION/X-WWW-FORM-URLENCODED"]))  # fmt: skip
def test_the_form_parser_takes_any_bytes_and_only_urlencoded_forms(
    body: bytes, content_type: str
) -> None:
    fields = parse_form(body, content_type)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in fields.items())
    assert len(fields) <= 20
    if not content_type.lower().startswith(FORM):
        assert fields == {}


@settings(max_examples=300, deadline=None)
@given(target=st.text(max_size=80), root=st.sampled_from(["", "/t/acme", "/app"]))
def test_the_next_field_never_sends_the_browser_off_the_site(target: str, root: str) -> None:
    signin = SignIn(AdminAccess(_settings()))
    body = urlencode({"token": TOKEN, "next": target}).encode()
    reply = _submit(signin, parse_form(body, FORM))
    location = reply.headers["Location"]
    parts = urlsplit(location)
    assert location.startswith("/")
    assert not location.startswith(("//", "/\\"))
    assert not parts.scheme
    assert not parts.netloc
    kept = FormRequest(NO_CREDENTIAL, root_path=root).target(target)
    assert kept in (target, root + "/")


def test_a_form_too_big_or_with_too_many_fields_is_no_form() -> None:
    assert parse_form(b"a=" + b"x" * MAX_FORM_BYTES, FORM) == {}
    assert parse_form("&".join(f"f{i}=1" for i in range(21)).encode(), FORM) == {}
    assert parse_form(b"token=a&token=b&next=%2Fx", FORM) == {"token": "a", "next": "/x"}
