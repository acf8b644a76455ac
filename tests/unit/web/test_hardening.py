"""What a security review of the shared web layer found, each refused: guessing a weak
admin token offline from the sign-in form's CSRF value, wrong bearer tokens without a
limit, an Origin of another scheme, a root path that leads off the site, a deeply nested
or NaN admin API body, an unknown form route and a throttle's unclear error."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from modstack.settings import ModstackSettings
from modstack.web.admin_access import AdminAccess, AdminRefusal, AdminRequest
from modstack.web.admin_api import ADMIN_ROUTES
from modstack.web.auth import (
    SCRYPT_PARAMETERS,
    SCRYPT_SALT,
    is_cross_origin,
    safe_next,
    signing_key,
    token_key,
)
from modstack.web.signin import FormRequest, SignIn, admin_page_refusal
from modstack.web.throttle import SignInThrottle

ROUTES = {route.operation: route for route in ADMIN_ROUTES}
WEAK = "sunshine42"


def _settings(**values: object) -> ModstackSettings:
    given: dict[str, object] = {"environment": "test", **values}
    return ModstackSettings(_env_file=None, **given)  # type: ignore[call-arg, arg-type]


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_weak_admin_token_is_not_found_from_the_sign_in_forms_csrf_value() -> None:
    """The reviewer's attack (a14): a wordlist, each guess turned into the signing key
    with the fast derivation the key used to have, checked against the public form
    value. The real token is in the list; it is no longer found."""
    signin = SignIn(AdminAccess(_settings(admin_token=SecretStr(WEAK))))
    page = signin.page(FormRequest(AdminRequest("GET", None, None)))
    found = re.search(r'name="csrf" value="([^"]+)"', page.body)
    assert found is not None
    body, _, mac = found.group(1).partition(".")
    words = [f"{w}{n}" for w in ("password", "admin", "sunshine") for n in range(100)]
    assert WEAK in words
    recovered = []
    for guess in words:
        key = hmac.new(guess.encode(), b"modstack session key", hashlib.sha256).digest()
        for purpose in (b"admin", b"admin-csrf"):
            used = hmac.new(key, b"purpose:" + purpose, hashlib.sha256).digest()
            if _encode(hmac.new(used, body.encode(), hashlib.sha256).digest()) == mac:
                recovered.append(guess)
    assert recovered == []


def test_the_key_derived_from_the_admin_token_is_scrypt_with_the_documented_parameters() -> None:
    expected = hashlib.scrypt(WEAK.encode(), salt=SCRYPT_SALT, **SCRYPT_PARAMETERS)
    assert token_key(WEAK) == expected
    assert signing_key(_settings(admin_token=SecretStr(WEAK))) == expected
    assert token_key(WEAK + "!") != expected
    assert SCRYPT_PARAMETERS["n"] >= 2**14


def test_a_short_admin_token_without_a_secret_key_is_warned_about(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="modstack"):
        AdminAccess(_settings(admin_token=SecretStr(WEAK)))
    warned = [r.getMessage() for r in caplog.records if "MODSTACK_SECRET_KEY" in r.getMessage()]
    assert len(warned) == 1
    assert "shorter than 32 characters" in warned[0]
    assert "Set MODSTACK_SECRET_KEY" in warned[0]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="modstack"):
        AdminAccess(_settings(admin_token=SecretStr("x" * 32)))
        AdminAccess(_settings(admin_token=SecretStr(WEAK), secret_key=SecretStr("k" * 40)))
        AdminAccess(_settings(admin_token=SecretStr(WEAK), environment="development"))
    assert not [r for r in caplog.records if "MODSTACK_SECRET_KEY" in r.getMessage()]


def _bearer(token: str, client: str) -> AdminRequest:
    return AdminRequest("GET", f"Bearer {token}", None, client=client)


def test_wrong_bearer_tokens_are_throttled_per_address() -> None:
    access = AdminAccess(_settings(admin_token=SecretStr("right-token"), signin_limit=3))
    for _ in range(3):
        refused = access.check(_bearer("guess", "10.0.0.1"))
        assert isinstance(refused, AdminRefusal)
        assert refused.status == 401
    throttled = access.check(_bearer("right-token", "10.0.0.1"))
    assert isinstance(throttled, AdminRefusal)
    assert (throttled.status, throttled.code) == (429, "too_many_attempts")
    assert int(throttled.headers["Retry-After"]) > 0
    # Another address is not affected, and its right token clears nothing for 10.0.0.1.
    assert not isinstance(access.check(_bearer("right-token", "10.0.0.2")), AdminRefusal)
    wrong_elsewhere = access.check(_bearer("guess", "10.0.0.2"))
    assert isinstance(wrong_elsewhere, AdminRefusal)
    assert wrong_elsewhere.status == 401
    again = access.check(_bearer("right-token", "10.0.0.1"))
    assert isinstance(again, AdminRefusal)
    assert again.status == 429


def test_an_origin_of_another_scheme_is_cross_origin_when_the_scheme_is_known() -> None:
    assert is_cross_origin("https://shop.example", None, "shop.example", "http")
    assert is_cross_origin("http://shop.example", None, "shop.example", "https")
    assert not is_cross_origin("https://shop.example", None, "shop.example", "https")
    assert not is_cross_origin("HTTPS://shop.example", None, "shop.example", "https")
    assert not is_cross_origin("https://shop.example", None, "shop.example")  # unknown


def test_a_cookie_signed_change_from_another_scheme_is_refused() -> None:
    access = AdminAccess(_settings(admin_token=SecretStr("right-token")))
    cookie = access.sign_in("right-token")
    posted = AdminRequest("POST", None, cookie, "https://shop.example", None, "shop.example",
                          "10.0.0.1", "http")  # fmt: skip
    refused = access.check(posted)
    assert isinstance(refused, AdminRefusal)
    assert refused.code == "cross_site"
    same = AdminRequest("POST", None, cookie, "http://shop.example", None, "shop.example",
                        "10.0.0.1", "http")  # fmt: skip
    assert not isinstance(access.check(same), AdminRefusal)


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_no_root_path_leads_the_sign_in_form_off_the_site(root_path: str) -> None:
    signin = SignIn(AdminAccess(_settings(admin_token=SecretStr("right-token"))))
    request = FormRequest(AdminRequest("GET", None, None), root_path=root_path)
    assert safe_next(request.target(None)) == request.target(None)
    page = signin.page(request)
    found = re.search(r'<form method="post" action="([^"]*)"', page.body)
    assert found is not None
    assert found.group(1).startswith("/")
    assert not found.group(1).startswith(("//", "/\\"))


def test_a_root_path_of_another_host_falls_back_to_this_sites_root() -> None:
    signin = SignIn(AdminAccess(_settings(admin_token=SecretStr("right-token"))))
    request = FormRequest(AdminRequest("GET", None, None), root_path="//evil.com")
    assert request.target(None) == "/"
    assert 'action="/admin/signin"' in signin.page(request).body
    redirect = admin_page_refusal(AdminRefusal(401, "unauthorized", ""), "//evil.com", "/x", "")
    assert redirect.headers["Location"].startswith("/admin/signin?")


def test_an_unknown_form_route_is_an_error_not_a_sign_out() -> None:
    signin = SignIn(AdminAccess(_settings(admin_token=SecretStr("right-token"))))
    with pytest.raises(ValueError, match=r"'sign_up'.*choices are"):
        signin.answer("sign_up", FormRequest(AdminRequest("GET", None, None)))
    assert [signin.handler(name).__name__ for _, _, name in SignIn.ROUTES] == [
        "page", "submit", "sign_out"
    ]  # fmt: skip


def test_a_nonsense_throttle_shows_the_values_it_was_given() -> None:
    with pytest.raises(ValueError, match=r"limit=0, window=300\.0, capacity=10"):
        SignInThrottle(limit=0, window=300.0, capacity=10)


def test_a_deeply_nested_or_nan_body_and_an_empty_tenant_are_422_naming_the_field() -> None:
    change, audit = ROUTES["change_setting"], ROUTES["audit"]
    path = {"module": "ops", "field": "x"}
    nested = b'{"value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    for body, field in (
        (nested, "body"),
        (b'{"value": NaN}', "body"),
        (b'{"value": Infinity}', "body"),
        (b'{"value": -Infinity}', "body"),
        (b'{"value": 1, "tenant": ""}', "tenant"),
    ):
        found = change.bind(path, {}, body)
        assert not isinstance(found, dict), body[:30]
        assert (found.status, found.body["field"]) == (422, field), body[:30]
    empty = audit.bind({}, {"tenant": ""})
    assert not isinstance(empty, dict)
    assert (empty.status, empty.body["field"]) == (422, "tenant")
    assert change.bind(path, {}, b'{"value": 1.5}') == {
        **path, "value": 1.5, "reason": "", "tenant": None
    }  # fmt: skip
