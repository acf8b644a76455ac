"""What both adapters now share from modstack.web: the admin sign-in form (success,
wrong token, CSRF, closed without a token, no open redirect), the HTML error page a
browser gets for a 404, and the admin API under a custom ``MODSTACK_API_PREFIX``."""

from __future__ import annotations

import re

import pytest

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import Adapter, Client
from tests.adapters.contract.conftest import ADMIN_TOKEN

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def csrf_of(app: Client, path: str = "/admin/signin") -> str:
    page = app.get(path)
    assert page.status == 200, page.text
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None, page.text
    return found.group(1)


def test_the_sign_in_form_sets_a_session_that_opens_the_admin_pages(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        assert app.get("/modules/status").status == 401
        csrf = csrf_of(app, "/admin/signin?next=/modules/status")
        fields = {"csrf": csrf, "token": ADMIN_TOKEN, "next": "/modules/status"}
        signed_in = app.form("/admin/signin", fields)
        assert (signed_in.status, signed_in.headers["location"]) == (303, "/modules/status")
        assert "HttpOnly" in signed_in.headers["set-cookie"]
        assert app.get("/modules/status").status == 200  # the session cookie is enough
        assert "Sign out" in app.get("/admin/signin").text


def test_a_wrong_token_is_refused_and_signs_no_one_in(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        answer = app.form("/admin/signin", {"csrf": csrf_of(app), "token": "guess"})
        assert answer.status == 401
        assert "not the admin token" in answer.text
        assert app.get("/modules/status").status == 401


def test_guessing_the_admin_token_is_refused_after_the_limit(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    """After ``MODSTACK_SIGNIN_LIMIT`` wrong tokens from one address, even the right one
    answers 429 with Retry-After and signs no one in."""
    limited = settings.model_copy(update={"signin_limit": 3})
    with adapter.running(limited) as app:
        for _ in range(3):
            assert app.form("/admin/signin", {"csrf": csrf_of(app), "token": "guess"}).status == 401
        refused = app.form("/admin/signin", {"csrf": csrf_of(app), "token": ADMIN_TOKEN})
        assert refused.status == 429, refused.text
        assert "Too many wrong tokens" in refused.text
        assert int(refused.headers["retry-after"]) > 0
        assert app.get("/modules/status").status == 401


def test_a_form_without_the_right_csrf_token_is_refused(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        csrf_of(app)  # the browser holds a CSRF cookie, the form another site's value
        forged = app.form("/admin/signin", {"csrf": "forged", "token": ADMIN_TOKEN})
        assert forged.status == 403
        missing = app.form("/admin/signin", {"token": ADMIN_TOKEN})
        assert missing.status == 403
        assert app.get("/modules/status").status == 401
        sign_out = app.form("/admin/signout", {"csrf": "forged"})
        assert (sign_out.status, sign_out.json["code"]) == (403, "csrf")


def test_sign_in_is_closed_without_an_admin_token(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    closed = settings.model_copy(update={"admin_token": None})
    with adapter.running(closed) as app:
        form = app.get("/admin/signin")
        assert form.status == 503
        assert "Sign-in is closed" in form.text
        assert app.form("/admin/signin", {"token": ""}).status == 503


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"],
)
def test_signing_in_never_redirects_to_another_site(
    adapter: Adapter, settings: ModstackSettings, target: str
) -> None:
    with adapter.running(settings) as app:
        fields = {"csrf": csrf_of(app), "token": ADMIN_TOKEN, "next": target}
        answer = app.form("/admin/signin", fields)
        assert (answer.status, answer.headers["location"]) == (303, "/")


def test_a_browser_gets_the_html_error_page_for_a_404(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        page = app.get("/no/such/page", **BROWSER)
        assert page.status == 404
        assert page.headers["content-type"].startswith("text/html")
        assert "Page not found" in page.text
        api = app.get("/api/v1/vendor/nothing/here", **BROWSER)  # an API path: never a page
        assert api.status == 404
        assert "Page not found" not in api.text


def test_the_admin_api_moves_with_the_api_prefix(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    moved = settings.model_copy(update={"api_prefix": "/svc/v2"})
    with adapter.running(moved) as app:
        listed = app.get("/svc/v2/admin/modstack/modules", **ADMIN)
        assert listed.status == 200
        assert [m["code"] for m in listed.json["modules"]] == ["notes"]
        assert app.get("/svc/v2/admin/modstack/modules").status == 401
        assert app.get("/api/v1/admin/modstack/modules", **ADMIN).status == 404
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        ping = app.get("/svc/v2/vendor/notes/ping", **{"X-Tenant": "acme"})
        assert ping.json == {"module": "notes", "tenant": "acme"}


def test_a_bad_admin_api_parameter_is_refused_naming_it(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        for query in ("limit=0", "limit=1001", "limit=many"):
            answer = app.get(f"/api/v1/admin/modstack/audit?{query}", **ADMIN)
            assert (answer.status, answer.json["field"]) == (422, "limit"), answer.text
        assert app.get("/api/v1/admin/modstack/audit?limit=2", **ADMIN).status == 200
        plan = "/api/v1/admin/modstack/tenants/acme/modules/notes/enable?dry_run=maybe"
        answer = app.post(plan, **ADMIN)
        assert (answer.status, answer.json["field"]) == (422, "dry_run")
