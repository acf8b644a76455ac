"""The admin frontend is closed by default: its pages, its API (modstack's and every
module's), the operational details and the admin routes in the OpenAPI schema. Pages
send a browser to the sign-in form, which sets a signed session cookie."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st
from pydantic import SecretStr

from modstack.fastapi import create_app
from modstack.settings import ModstackSettings
from modstack.web.admin_access import SESSION_COOKIE
from modstack.web.auth import Principal, SessionSigner
from tests.adapters.fastapi.conftest import ADMIN, ADMIN_TOKEN, WEB_APP

ADMIN_URLS = [
    pytest.param("/api/v1/admin/modstack/modules", id="admin-api"),
    pytest.param("/api/v1/admin/ops/jobs", id="module-admin-api"),
    pytest.param("/admin/ops", id="module-admin-page"),
]
DETAILS = [
    pytest.param("/modules/status", "status", id="status"),
    pytest.param("/modules/billing/health", "module-health", id="module-health"),
    pytest.param("/metrics", "metrics", id="metrics"),
]
TENANT = {"X-Tenant": "acme"}


@pytest.fixture
def ops(app: FastAPI, client: TestClient) -> None:
    """The internal module ``ops`` (an admin page and an admin API) enabled for acme."""
    from modstack.tenancy import Actor

    app.state.modstack.tenancy.enable("acme", "ops", actor=Actor.admin("test"))


def running(settings: ModstackSettings, **changes: Any) -> TestClient:
    app = create_app(settings=settings.model_copy(update=changes), templates=WEB_APP / "templates")
    return TestClient(app, follow_redirects=False)


def sign_in(client: TestClient, token: str = ADMIN_TOKEN, *, next_url: str = "/admin/ops") -> Any:
    form = client.get("/admin/signin", params={"next": next_url})
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf is not None
    return client.post(
        "/admin/signin", data={"token": token, "csrf": csrf.group(1), "next": next_url}
    )


@pytest.mark.parametrize("url", ADMIN_URLS)
@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"environment": "test"}, id="test"),
        pytest.param({"environment": "development"}, id="development-without-opt-in"),
        pytest.param({"environment": "test", "admin_open": True}, id="test-with-opt-in"),
        pytest.param({"environment": "production", "admin_open": True}, id="production-opt-in"),
        pytest.param({"environment": "staging", "admin_open": True}, id="unknown-environment"),
    ],
)
def test_without_a_token_the_admin_frontend_is_closed_outside_open_development(
    settings: ModstackSettings, url: str, changes: dict[str, Any]
) -> None:
    with running(settings, admin_token=None, **changes) as client:
        client.app.state.modstack.tenancy.create_tenant("acme", modules=["billing", "ops"])  # type: ignore[attr-defined]
        refused = client.get(url, headers=TENANT)
        assert refused.status_code == 503
        assert refused.json()["code"] == "admin_disabled"


@pytest.mark.parametrize("url", ADMIN_URLS)
def test_development_opens_the_admin_frontend_only_when_asked(
    settings: ModstackSettings, url: str
) -> None:
    with running(settings, admin_token=None, environment="development", admin_open=True) as client:
        client.app.state.modstack.tenancy.create_tenant("acme", modules=["billing", "ops"])  # type: ignore[attr-defined]
        assert client.get(url, headers=TENANT).status_code == 200


@pytest.mark.parametrize("url", ADMIN_URLS)
@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({}, id="no-credential"),
        pytest.param({"Authorization": "Bearer wrong"}, id="wrong-token"),
        pytest.param({"Authorization": f"Basic {ADMIN_TOKEN}"}, id="wrong-scheme"),
        pytest.param({"Cookie": f"{SESSION_COOKIE}=forged.value"}, id="forged-cookie"),
    ],
)
def test_the_admin_frontend_refuses_requests_without_the_credential(
    app: FastAPI, client: TestClient, ops: None, url: str, headers: dict[str, str]
) -> None:
    anonymous = TestClient(app, follow_redirects=False)
    answer = anonymous.get(url, headers={**TENANT, **headers})
    if url.startswith("/admin/"):
        assert answer.status_code == 303
        assert answer.headers["location"] == "/admin/signin?next=%2Fadmin%2Fops"
    else:
        assert answer.status_code == 401
        assert answer.json()["code"] == "unauthorized"
    assert anonymous.get(url, headers={**TENANT, **ADMIN}).status_code == 200


def test_the_sign_in_form_sets_a_signed_http_only_same_site_cookie(
    app: FastAPI, client: TestClient, ops: None
) -> None:
    browser = TestClient(app, follow_redirects=False)
    signed_in = sign_in(browser)
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/admin/ops"
    cookie = next(
        c for c in signed_in.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Path=/" in cookie
    assert browser.get("/admin/ops", headers=TENANT).text == "<h1>operations</h1>"
    assert browser.get("/api/v1/admin/modstack/modules").status_code == 200
    assert browser.get("/modules/status").status_code == 200


def test_a_wrong_token_at_the_sign_in_form_sets_no_cookie(
    app: FastAPI, client: TestClient, ops: None
) -> None:
    browser = TestClient(app, follow_redirects=False)
    refused = sign_in(browser, "not-the-token")
    assert refused.status_code == 401
    assert "not the admin token" in refused.text
    assert SESSION_COOKIE not in browser.cookies
    assert browser.get("/admin/ops", headers=TENANT).status_code == 303


def test_the_sign_in_form_refuses_a_post_without_its_csrf_token(
    app: FastAPI, client: TestClient, ops: None
) -> None:
    browser = TestClient(app, follow_redirects=False)
    browser.get("/admin/signin")
    forged = browser.post("/admin/signin", data={"token": ADMIN_TOKEN, "next": "/admin/ops"})
    assert forged.status_code == 403
    other = TestClient(app, follow_redirects=False)  # a token issued to another browser
    form = other.get("/admin/signin").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf is not None
    stolen = browser.post("/admin/signin", data={"token": ADMIN_TOKEN, "csrf": csrf.group(1)})
    assert stolen.status_code == 403
    assert SESSION_COOKIE not in browser.cookies


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_the_redirect_after_signing_in_stays_on_the_site(
    app: FastAPI, client: TestClient, ops: None, target: str
) -> None:
    browser = TestClient(app, follow_redirects=False)
    assert sign_in(browser, next_url=target).headers["location"] == "/"


def test_a_tampered_or_expired_session_cookie_is_refused(
    app: FastAPI, client: TestClient, ops: None, settings: ModstackSettings
) -> None:
    browser = TestClient(app, follow_redirects=False)
    sign_in(browser)
    good = browser.cookies[SESSION_COOKIE]
    body, _, mac = good.partition(".")
    signer = SessionSigner.for_settings(app.state.modstack.settings, "admin")
    promoted = signer.sign(Principal("admin-token", "admin", time.time() + 3600))
    forged = {
        "tampered-body": body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1] + "." + mac,
        "tampered-mac": body + "." + mac[:-1] + ("A" if mac[-1] != "A" else "B"),
        "expired": signer.sign(Principal("admin-token", "admin", time.time() - 1)),
        "other-key": SessionSigner(b"another key", "admin").sign(
            Principal("admin-token", "admin", time.time() + 3600)
        ),
        "other-purpose": SessionSigner.for_settings(settings, "vendor").sign(
            Principal("admin-token", "admin", time.time() + 3600)
        ),
        "other-role": signer.sign(Principal("someone", "vendor", time.time() + 3600)),
    }
    for name, value in forged.items():
        probe = TestClient(app, follow_redirects=False, cookies={SESSION_COOKIE: value})
        assert probe.get("/api/v1/admin/modstack/modules").status_code == 401, name
        assert probe.get("/admin/ops", headers=TENANT).status_code == 303, name
    valid = TestClient(app, follow_redirects=False, cookies={SESSION_COOKIE: promoted})
    assert valid.get("/api/v1/admin/modstack/modules").status_code == 200


def test_a_cross_site_change_signed_in_by_cookie_is_refused(
    app: FastAPI, client: TestClient, ops: None
) -> None:
    browser = TestClient(app, follow_redirects=False)
    sign_in(browser)
    url = "/api/v1/admin/modstack/tenants/acme/modules/billing/disable"
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        refused = browser.post(url, headers=headers)
        assert (refused.status_code, refused.json()["code"]) == (403, "cross_site")
    assert client.app.state.modstack.tenancy.is_enabled("acme", "billing")  # type: ignore[attr-defined]
    same = browser.post(url, headers={"Origin": "http://testserver"})
    assert same.status_code == 200


def test_signing_out_forgets_the_session(app: FastAPI, client: TestClient, ops: None) -> None:
    browser = TestClient(app, follow_redirects=False)
    sign_in(browser)
    page = browser.get("/admin/signin").text
    assert "Sign out" in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    assert csrf is not None
    assert browser.post("/admin/signout", data={}).status_code == 403
    out = browser.post("/admin/signout", data={"csrf": csrf.group(1)})
    assert (out.status_code, out.headers["location"]) == (303, "/admin/signin")
    assert browser.get("/admin/ops", headers=TENANT).status_code == 303


@pytest.mark.parametrize(("url", "detail"), DETAILS)
def test_operational_details_need_the_admin_credential(
    app: FastAPI, client: TestClient, ops: None, url: str, detail: str
) -> None:
    anonymous = TestClient(app)
    refused = anonymous.get(url)
    assert (refused.status_code, refused.json()["code"]) == (401, "unauthorized")
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(("url", "detail"), DETAILS)
def test_operational_details_listed_as_public_need_no_credential(
    settings: ModstackSettings, url: str, detail: str
) -> None:
    with running(settings, public=[detail]) as client:
        client.app.state.modstack.tenancy.create_tenant("acme", modules=["billing", "ops"])  # type: ignore[attr-defined]
        assert client.get(url).status_code == 200


def test_an_unknown_public_detail_is_a_named_error() -> None:
    with pytest.raises(ValueError, match=r"MODSTACK_PUBLIC: unknown \['statsu'\]; choices are"):
        ModstackSettings(public=["statsu"], _env_file=None)  # type: ignore[call-arg]


def test_health_says_live_and_ready_and_nothing_more(
    app: FastAPI, client: TestClient, ops: None
) -> None:
    answer = TestClient(app).get("/health")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "live": True, "ready": True}


def test_the_public_openapi_schema_leaves_out_the_admin_routes(
    app: FastAPI, client: TestClient, ops: None
) -> None:
    schema = TestClient(app).get("/openapi.json").json()
    public = schema["paths"]
    assert "/api/v1/vendor/billing/invoices" in public
    assert not [path for path in public if path.startswith("/api/v1/admin/")]
    # ... nor the admin API's body schemas
    assert "SettingChange" not in schema.get("components", {}).get("schemas", {})
    full_schema = client.get("/openapi.json").json()
    full = full_schema["paths"]
    assert "/api/v1/admin/modstack/modules" in full
    assert "/api/v1/admin/ops/jobs" in full
    assert "SettingChange" in full_schema["components"]["schemas"]


def test_a_signing_key_from_the_environment_survives_a_token_rotation(
    settings: ModstackSettings,
) -> None:
    keyed = settings.model_copy(update={"secret_key": SecretStr("k" * 32)})
    rotated = keyed.model_copy(update={"admin_token": SecretStr("rotated")})
    session = SessionSigner.for_settings(keyed, "admin").sign(
        Principal("admin-token", "admin", time.time() + 60)
    )
    assert SessionSigner.for_settings(rotated, "admin").read(session) is not None
    derived = SessionSigner.for_settings(settings, "admin").sign(
        Principal("admin-token", "admin", time.time() + 60)
    )
    unkeyed = settings.model_copy(update={"admin_token": SecretStr("rotated")})
    assert SessionSigner.for_settings(unkeyed, "admin").read(derived) is None


def test_over_https_the_session_cookie_is_secure(app: FastAPI, client: TestClient) -> None:
    browser = TestClient(app, base_url="https://testserver", follow_redirects=False)
    signed_in = sign_in(browser)
    cookie = next(
        c for c in signed_in.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
    )
    assert "Secure" in cookie


def test_any_sign_in_body_is_refused_without_an_error(app: FastAPI, client: TestClient) -> None:
    browser = TestClient(app, follow_redirects=False)

    @given(body=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
    @examples(max_examples=150, deadline=None)
    def refused(body: bytes) -> None:
        for kind in ("application/x-www-form-urlencoded", "multipart/form-data", "text/plain"):
            answer = browser.post("/admin/signin", content=body, headers={"content-type": kind})
            assert answer.status_code in (401, 403)
            assert SESSION_COOKIE not in browser.cookies

    refused()


def test_sign_in_says_it_is_closed_when_there_is_no_token(settings: ModstackSettings) -> None:
    with running(settings, admin_token=None) as client:
        form = client.get("/admin/signin")
        assert form.status_code == 503
        assert "MODSTACK_ADMIN_TOKEN" in form.text
        tried = client.post("/admin/signin", data={"token": "anything", "csrf": "x"})
        assert tried.status_code == 503
        assert "modstack_session" not in tried.cookies
