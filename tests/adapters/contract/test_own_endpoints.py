"""modstack's own endpoints answer the same on every adapter: a 401 names its scheme, a
query name given twice to the admin API is a 422 (which value counts would otherwise
differ between frameworks: a dry run could be applied), ``HEAD`` is answered as ``GET``
without a body, and ``OPTIONS`` opens nothing."""

from __future__ import annotations

from pydantic import SecretStr

from modstack.settings import ModstackSettings
from modstack.web.admin_access import SESSION_COOKIE, AdminAccess
from tests.adapters.contract.adapters import Adapter
from tests.adapters.contract.conftest import ADMIN_TOKEN

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
MODULES = "/api/v1/admin/modstack/modules"


def test_a_refusal_for_want_of_the_credential_names_its_scheme(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        for path, headers in ((MODULES, {}), ("/modules/status", {"Authorization": "Bearer x"})):
            refused = app.get(path, **headers)
            assert refused.status == 401
            assert refused.headers["www-authenticate"].startswith("Bearer")


def test_a_query_name_given_twice_is_refused_and_nothing_changes(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    enable = "/api/v1/admin/modstack/tenants/acme/modules/notes/enable"
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=[])
        answer = app.send("POST", f"{enable}?dry_run=true&dry_run=false", ADMIN, b"")
        assert (answer.status, answer.json["field"]) == (422, "dry_run"), answer.text
        assert "more than once" in answer.json["detail"]
        assert not app.stack.tenancy.is_enabled("acme", "notes")
        audit = app.get("/api/v1/admin/modstack/audit?limit=1&limit=5000", **ADMIN)
        assert (audit.status, audit.json["field"]) == (422, "limit")
        planned = app.send("POST", f"{enable}?dry_run=true", ADMIN, b"")
        assert planned.status == 200, planned.text
        assert not app.stack.tenancy.is_enabled("acme", "notes")


def test_head_is_answered_as_get_without_a_body(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        health = app.send("HEAD", "/health", {}, b"")
        assert (health.status, health.text) == (200, "")
        assert app.send("HEAD", MODULES, {}, b"").status == 401
        assert app.send("HEAD", MODULES, ADMIN, b"").status == 200


def test_options_opens_nothing_of_the_admin_api(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        answer = app.send("OPTIONS", MODULES, {}, b"")
        assert answer.status in (401, 405), answer.status  # no route answers OPTIONS
        assert "notes" not in answer.text


def test_metrics_count_the_requests_each_module_served(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        for _ in range(3):
            assert app.get("/api/v1/vendor/notes/ping", **{"X-Tenant": "acme"}).status == 200
        assert app.get("/api/v1/vendor/notes/ping", **{"X-Tenant": "globex"}).status == 403
        text = app.get("/metrics", **ADMIN).text
        assert 'modstack_module_request_seconds_count{module="notes"} 3.0' in text  # refused: none


def test_another_method_on_an_admin_api_path_is_405_naming_the_allowed_ones(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        for headers in ({}, ADMIN):
            answer = app.send("POST", MODULES, headers, b"")
            assert answer.status == 405, (headers, answer.status)
            assert "GET" in answer.headers["allow"]


def test_putting_a_setting_to_the_value_in_effect_is_answered_unchanged(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    setting = "/api/v1/admin/modstack/settings/notes/greeting"
    body = b'{"value": "hi there"}'
    headers = {**ADMIN, "Content-Type": "application/json"}
    with adapter.running(settings) as app:
        first = app.send("PUT", setting, headers, body)
        assert (first.status, first.json["changed"]) == (200, True), first.text
        again = app.send("PUT", setting, headers, body)
        assert again.status == 200, again.text
        assert (again.json["old"], again.json["new"], again.json["changed"]) == (
            "hi there",
            "hi there",
            False,
        )


def test_with_no_admin_token_configured_a_bearer_token_is_503_and_never_counted(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    closed = settings.model_copy(update={"admin_token": None, "signin_limit": 2})
    with adapter.running(closed) as app:
        for _ in range(4):  # past the throttle's limit: no token can be right, none is a guess
            refused = app.get("/modules/status", Authorization="Bearer guess")
            assert (refused.status, refused.json["code"]) == (503, "admin_disabled")
            assert "MODSTACK_ADMIN_TOKEN" in refused.json["detail"]
        assert app.get(MODULES, Authorization="Bearer guess").status == 503


def test_switching_the_admin_token_off_ends_every_session(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    keyed = settings.model_copy(update={"secret_key": SecretStr("k" * 40)})
    session = AdminAccess(keyed).sign_in(ADMIN_TOKEN)  # what the sign-in form sets
    assert session is not None
    cookie = {"Cookie": f"{SESSION_COOKIE}={session}"}
    with adapter.running(keyed) as app:
        assert app.get("/modules/status", **cookie).status == 200
    with adapter.running(keyed.model_copy(update={"admin_token": None})) as app:
        refused = app.get("/modules/status", **cookie)
        assert (refused.status, refused.json["code"]) == (503, "admin_disabled")
        assert app.get(MODULES, **cookie).status == 503
