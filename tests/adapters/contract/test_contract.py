"""What every adapter does the same way: the gate's answers, the default tenant, health
and status, the admin API and its credential, module static files, templates and
translations. The decisions live in modstack.web; an adapter only translates."""

from __future__ import annotations

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import Adapter
from tests.adapters.contract.conftest import ADMIN_TOKEN

PING = "/api/v1/vendor/notes/ping"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def test_the_gate_admits_an_enabled_tenant_and_refuses_every_other_request(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        admitted = app.get(PING, **{"X-Tenant": "acme"})
        assert (admitted.status, admitted.json) == (200, {"module": "notes", "tenant": "acme"})
        assert app.get(PING).json["code"] == "tenant_required"
        assert app.get(PING).status == 400
        unknown = app.get(PING, **{"X-Tenant": "nobody"})
        assert (unknown.status, unknown.json["code"]) == (404, "tenant_not_found")
        disabled = app.get(PING, **{"X-Tenant": "globex"})
        assert (disabled.status, disabled.json["code"]) == (403, "module_disabled")


def test_a_single_tenant_app_serves_requests_that_name_no_tenant(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    single = settings.model_copy(update={"default_tenant": "main"})
    with adapter.running(single) as app:
        answer = app.get(PING)
        assert (answer.status, answer.json) == (200, {"module": "notes", "tenant": "main"})
        assert app.stack.tenancy.is_enabled("main", "notes")
        named = app.get(PING, **{"X-Tenant": "other"})  # a named tenant is still checked
        assert named.status == 404


def test_health_is_public_and_status_needs_the_admin_credential(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        health = app.get("/health")
        assert (health.status, health.json) == (200, {"status": "ok", "live": True, "ready": True})
        assert app.get("/modules/status").status == 401
        status = app.get("/modules/status", **ADMIN)
        assert status.status == 200
        assert status.json["modules"]["notes"]["state"] == "active"
        assert status.json["store"] == "reachable"
        assert app.get("/modules/notes/health", **ADMIN).status == 200
        assert app.get("/modules/nothing/health", **ADMIN).status == 404
        assert app.get("/metrics").status == 401
        assert app.get("/metrics", **ADMIN).status == 200


def test_public_lists_the_operational_details_served_without_a_credential(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    opened = settings.model_copy(update={"public": ["metrics", "module-health"]})
    with adapter.running(opened) as app:
        assert app.get("/metrics").status == 200
        assert app.get("/modules/notes/health").status == 200
        assert app.get("/modules/status").status == 401


def test_the_admin_api_refuses_without_the_credential(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        assert app.get("/api/v1/admin/modstack/modules").status == 401
        wrong = {"Authorization": "Bearer not-the-token"}
        assert app.get("/api/v1/admin/modstack/modules", **wrong).status == 401
        listed = app.get("/api/v1/admin/modstack/modules", **ADMIN)
        assert listed.status == 200
        assert "notes" in listed.text


def test_static_files_templates_and_translations_come_from_active_modules(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        static = app.get("/static/modules/notes/hello.txt")
        assert (static.status, static.text) == (200, "notes static\n")
        assert app.get("/static/modules/notes/missing.txt").status == 404
        page = app.get("/vendor/notes", **{"X-Tenant": "acme"})
        assert page.status == 200
        assert "Hello &lt;world&gt;" in page.text  # translated, and escaped
