"""The security review's findings, refused the same way by every adapter: wrong bearer
tokens are throttled like the sign-in form's, a deeply nested, NaN or empty-tenant admin
API request is a 422 naming the field, modstack's own HTML pages cannot be framed, a
cookie-signed change from another scheme is cross-site, and an admin request without the
credential is refused before its body is read."""

from __future__ import annotations

import re

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import Adapter, Client
from tests.adapters.contract.conftest import ADMIN_TOKEN

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
WRONG = {"Authorization": "Bearer guess"}
MODULES = "/api/v1/admin/modstack/modules"
SETTING = "/api/v1/admin/modstack/settings/notes/greeting"
TEST_HOSTS = {"fastapi": "testserver", "flask": "localhost", "django": "testserver"}
"""The ``Host`` each adapter's test client sends (plain HTTP)."""
FRAMING = {
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def _csrf(app: Client) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', app.get("/admin/signin").text)
    assert found is not None
    return found.group(1)


def test_wrong_bearer_tokens_are_throttled_on_every_admin_endpoint(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    limited = settings.model_copy(update={"signin_limit": 3})
    with adapter.running(limited) as app:
        assert app.get(MODULES, **ADMIN).status == 200
        for path in (MODULES, "/modules/status", MODULES):
            assert app.get(path, **WRONG).status == 401
        refused = app.get(MODULES, **WRONG)
        assert (refused.status, refused.json["code"]) == (429, "too_many_attempts")
        assert int(refused.headers["retry-after"]) > 0
        for path in (MODULES, "/modules/status"):  # even the right token, while throttled
            assert app.get(path, **ADMIN).status == 429
        signin = app.form("/admin/signin", {"csrf": _csrf(app), "token": ADMIN_TOKEN})
        assert signin.status == 429  # one count for the form and the header


def test_a_deep_nan_or_empty_tenant_admin_request_is_422_naming_the_field(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    nested = b'{"value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    headers = {**ADMIN, "Content-Type": "application/json"}
    with adapter.running(settings) as app:
        for body in (nested, b'{"value": NaN}', b'{"value": Infinity}'):
            answer = app.send("PUT", SETTING, headers, body)
            assert (answer.status, answer.json["field"]) == (422, "body"), answer.text[:200]
        answer = app.send("PUT", SETTING, headers, b'{"value": 1, "tenant": ""}')
        assert (answer.status, answer.json["field"]) == (422, "tenant"), answer.text[:200]
        answer = app.get("/api/v1/admin/modstack/audit?tenant=", **ADMIN)
        assert (answer.status, answer.json["field"]) == (422, "tenant"), answer.text[:200]


def test_modstacks_own_pages_cannot_be_framed_or_sniffed(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        form = app.get("/admin/signin", **BROWSER)
        wrong = app.form("/admin/signin", {"csrf": _csrf(app), "token": "guess"})
        error_page = app.get("/no/such/page", **BROWSER)
        assert error_page.headers["content-type"].startswith("text/html")
        for page in (form, wrong, error_page):
            assert {name: page.headers.get(name) for name in FRAMING} == FRAMING


def test_a_cookie_signed_change_from_another_scheme_is_cross_site(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    reload = "/api/v1/admin/modstack/services/nothing/reload"
    host = TEST_HOSTS[adapter.name]
    with adapter.running(settings) as app:
        fields = {"csrf": _csrf(app), "token": ADMIN_TOKEN}
        assert app.form("/admin/signin", fields).status == 303
        refused = app.post(reload, Origin=f"https://{host}")
        assert (refused.status, refused.json["code"]) == (403, "cross_site"), refused.text
        same = app.post(reload, Origin=f"http://{host}")
        assert (same.status, same.json["code"]) == (404, "service_not_found"), same.text


def test_an_admin_request_without_the_credential_is_refused_before_its_body_is_read(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    small = settings.model_copy(update={"max_body_size": 1024})
    headers = {"Content-Type": "application/json"}
    oversized = b'{"value": "' + b"x" * 4096 + b'"}'
    with adapter.running(small) as app:
        assert app.send("PUT", SETTING, headers, b"{not json").status == 401  # not 422
        # Refused at the door (401) or by the size of what it announces (413): its body
        # is never read into memory, and the setting is unchanged.
        assert app.send("PUT", SETTING, headers, oversized).status in (401, 413)
        assert app.send("PUT", SETTING, {**headers, **ADMIN}, oversized).status == 413
        listed = app.get("/api/v1/admin/modstack/settings", **ADMIN).json
        assert "x" * 4096 not in str(listed)
