"""Signed sessions, CSRF tokens and the redirect after signing in, fuzzed."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from modstack.settings import ModstackSettings
from modstack.web.admin_access import AdminAccess, AdminRefusal, AdminRequest
from modstack.web.auth import (
    Principal,
    SessionSigner,
    bearer_token,
    csrf_matches,
    is_cross_origin,
    issue_csrf,
    safe_next,
)

SIGNER = SessionSigner(b"k" * 32, "admin")
FUTURE = time.time() + 3600


@given(st.text(max_size=200))
@settings(max_examples=300, deadline=None)
def test_the_redirect_back_never_leaves_the_site(target: str) -> None:
    kept = safe_next(target)
    parts = urlsplit(kept)
    assert kept.startswith("/")
    assert not kept.startswith(("//", "/\\"))
    assert not parts.scheme
    assert not parts.netloc
    assert "\\" not in kept
    assert all(ord(c) >= 0x20 and ord(c) != 0x7F for c in kept)


@given(st.sampled_from(["https://evil.example", "//evil.example", "/\\evil", "\\\\evil",
                        "/\t/evil.example", "http:/evil", "javascript:alert(1)"]))  # fmt: skip
def test_known_open_redirect_spellings_are_refused(target: str) -> None:
    assert safe_next(target) == "/"


def test_a_local_path_with_a_query_is_kept() -> None:
    assert safe_next("/t/acme/admin/monitoring?x=1") == "/t/acme/admin/monitoring?x=1"


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_reading_arbitrary_text_as_a_session_never_raises_and_admits_nothing(text: str) -> None:
    assert SIGNER.read(text) is None


@given(st.data())
@settings(max_examples=200, deadline=None)
def test_changing_any_character_of_a_session_invalidates_it(data: st.DataObject) -> None:
    value = SIGNER.sign(Principal("someone", "admin", FUTURE, tenant="acme"))
    index = data.draw(st.integers(0, len(value) - 1))
    replacement = data.draw(
        st.sampled_from("ABCabc0189-_.").filter(lambda char: char != value[index])
    )
    assert SIGNER.read(value[:index] + replacement + value[index + 1 :]) is None


def test_a_session_round_trips_until_it_expires() -> None:
    principal = Principal("vendor-1", "vendor", FUTURE, tenant="acme", extra={"name": "Ada"})
    assert SIGNER.read(SIGNER.sign(principal)) == principal
    assert SIGNER.read(SIGNER.sign(principal), now=FUTURE) is None


def test_a_session_signed_for_another_purpose_or_key_is_refused() -> None:
    principal = Principal("x", "admin", FUTURE)
    assert SessionSigner(b"k" * 32, "vendor").read(SIGNER.sign(principal)) is None
    assert SessionSigner(b"j" * 32, "admin").read(SIGNER.sign(principal)) is None


def test_a_csrf_token_matches_only_its_own_cookie_until_it_expires() -> None:
    cookie, form = issue_csrf(SIGNER)
    other_cookie, _ = issue_csrf(SIGNER)
    assert csrf_matches(SIGNER, cookie, form)
    assert not csrf_matches(SIGNER, other_cookie, form)
    assert not csrf_matches(SIGNER, None, form)
    assert not csrf_matches(SIGNER, cookie, None)
    assert not csrf_matches(SIGNER, cookie, form, now=time.time() + 7200)
    session = SIGNER.sign(Principal(cookie, "admin", FUTURE))  # a session is no CSRF token
    assert not csrf_matches(SIGNER, cookie, session)


def test_bearer_tokens_are_read_from_the_authorization_header() -> None:
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("bearer abc") == "abc"
    assert bearer_token("Basic abc") is None
    assert bearer_token("Bearer ") is None
    assert bearer_token(None) is None


def test_cross_origin_requests_are_recognised() -> None:
    assert is_cross_origin("https://evil.example", None, "shop.example")
    assert is_cross_origin("null", None, "shop.example")
    assert is_cross_origin(None, "cross-site", "shop.example")
    assert is_cross_origin(None, "same-site", "shop.example")
    assert not is_cross_origin("https://shop.example", None, "shop.example")
    assert not is_cross_origin(None, "same-origin", "shop.example")
    assert not is_cross_origin(None, None, "shop.example")


def _settings(**values: object) -> ModstackSettings:
    return ModstackSettings(_env_file=None, **values)  # type: ignore[call-arg]


def test_only_development_with_the_explicit_opt_in_is_open() -> None:
    anonymous = AdminRequest(method="GET", authorization=None, session_cookie=None)
    assert not isinstance(
        AdminAccess(_settings(environment="development", admin_open=True)).check(anonymous),
        AdminRefusal,
    )
    for environment in ("development", "test", "production", "Staging", "dev"):
        decision = AdminAccess(_settings(environment=environment)).check(anonymous)
        assert isinstance(decision, AdminRefusal)
        assert decision.status == 503
        opted = AdminAccess(_settings(environment=environment, admin_open=True))
        if environment != "development":
            assert isinstance(opted.check(anonymous), AdminRefusal)


def test_is_development_is_true_only_for_development() -> None:
    assert _settings(environment=" Development ").is_development
    assert not _settings(environment="test").is_development
    assert not _settings(environment="staging").is_development
    assert not _settings().is_development


def test_adding_an_older_secret_key_keeps_everyone_signed_in() -> None:
    def signer(keys: str) -> SessionSigner:
        chosen = ModstackSettings(secret_key=keys, _env_file=None)  # type: ignore[call-arg]
        return SessionSigner.for_settings(chosen, "admin")

    cookie = signer("newest-key").sign(Principal("ada", "admin", time.time() + 60))
    assert signer("newest-key,older-key").read(cookie) == signer("newest-key").read(cookie)
    assert signer("newest-key,older-key").read(cookie) is not None
    assert signer("another-key").read(cookie) is None
