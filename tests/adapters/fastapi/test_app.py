"""The FastAPI adapter end to end, in process: mounting, gating, failure isolation,
health, templates and translations, the admin API."""

from __future__ import annotations

import time
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from modstack.fastapi import require_module_access


def tenant(name: str) -> dict[str, str]:
    return {"X-Tenant": name}


def test_module_api_routes_are_mounted_by_convention(client: TestClient) -> None:
    response = client.get("/api/v1/storefront/payments/methods", headers=tenant("acme"))
    assert response.status_code == 200
    assert response.json() == {"methods": ["card"], "tenant": "acme"}
    assert client.get("/api/v1/vendor/billing/invoices", headers=tenant("acme")).json()[
        "invoices"
    ] == [1, 2]
    assert client.get("/api/v1/admin/core/ping", headers=tenant("acme")).json() == {"pong": "core"}


def test_a_module_disabled_for_the_tenant_answers_403(client: TestClient) -> None:
    response = client.get("/api/v1/vendor/billing/invoices", headers=tenant("globex"))
    assert response.status_code == 403
    assert response.json() == {
        "code": "module_disabled",
        "module": "billing",
        "tenant": "globex",
        "detail": "module 'billing' is not enabled for tenant 'globex'",
    }


def test_no_tenant_is_a_400_and_an_unknown_one_a_404(client: TestClient) -> None:
    missing = client.get("/api/v1/vendor/billing/invoices")
    assert missing.status_code == 400
    assert missing.json()["code"] == "tenant_required"
    assert "send the tenant in the X-Tenant header" in missing.json()["detail"]
    unknown = client.get("/api/v1/vendor/billing/invoices", headers=tenant("nobody"))
    assert (unknown.status_code, unknown.json()["code"]) == (404, "tenant_not_found")


def test_enabling_and_disabling_flips_the_gate_without_a_restart(
    client: TestClient, app: FastAPI
) -> None:
    tenancy = app.state.modstack.tenancy
    url, headers = "/api/v1/vendor/billing/invoices", tenant("globex")
    assert client.get(url, headers=headers).status_code == 403
    tenancy.enable("globex", "billing", actor="alice")
    assert client.get(url, headers=headers).status_code == 200
    tenancy.disable("globex", "payments", actor="alice")
    assert client.get(url, headers=headers).status_code == 403
    assert client.get("/api/v1/storefront/payments/methods", headers=headers).status_code == 403


def test_a_failed_module_answers_503_and_the_rest_serve(client: TestClient) -> None:
    broken = client.get("/api/v1/storefront/broken/x", headers=tenant("acme"))
    assert broken.status_code == 503
    assert broken.json() == {
        "code": "module_unavailable",
        "module": "broken",
        "state": "failed",
        "reason": "on_startup failed: ConnectionError: gateway unreachable",
    }
    blocked = client.get("/api/v1/storefront/needs-broken/y", headers=tenant("acme"))
    assert blocked.json()["state"] == "blocked"
    assert blocked.json()["reason"] == "requires broken, which is failed"
    bad = client.get("/api/v1/vendor/bad-routes/anything", headers=tenant("acme"))
    assert bad.status_code == 503
    assert "must export `router = APIRouter()`" in bad.json()["reason"]
    assert (
        client.get("/api/v1/storefront/payments/methods", headers=tenant("acme")).status_code == 200
    )


def test_internal_modules_are_mounted_only_under_admin(client: TestClient, app: FastAPI) -> None:
    app.state.modstack.tenancy.enable("acme", "ops", actor=_admin())
    assert client.get("/api/v1/admin/ops/jobs", headers=tenant("acme")).status_code == 200
    assert client.get("/api/v1/vendor/ops/leak", headers=tenant("acme")).status_code == 404


def _admin() -> Any:
    from modstack.tenancy import Actor

    return Actor.admin("root")


def test_pages_are_gated_and_render_module_templates_with_translations(client: TestClient) -> None:
    page = client.get("/vendor/shop-1/billing?lang=de", headers=tenant("acme"))
    assert page.status_code == 200
    assert "<h1>Rechnungen</h1><p>shop-1</p>" in page.text
    assert '<link href="/static/modules/core/core.css">' in page.text
    assert page.text.startswith("<!doctype html>")  # the app's own base template
    refused = client.get("/vendor/shop-1/billing", headers=tenant("globex"))
    assert (refused.status_code, refused.json()["code"]) == (403, "module_disabled")


def test_static_files_are_served_per_module(client: TestClient) -> None:
    response = client.get("/static/modules/core/core.css")
    assert response.status_code == 200
    assert response.text == "body { margin: 0; }\n"


def test_translations_merge_and_fall_back_to_the_default_locale(
    app: FastAPI, client: TestClient
) -> None:
    stack = app.state.modstack
    assert stack.t("core.hello", "de", name="Ada") == "Hallo Ada"
    assert stack.t("core.only_en", "de-AT") == "Only English"
    assert stack.t("missing.key", "de") == "missing.key"
    assert stack.catalogue.locales == ("de", "en")


def test_health_reports_core_readiness_and_module_states(client: TestClient) -> None:
    health = client.get("/health")
    assert health.status_code == 200
    assert health.json()["ready"] is True
    assert client.get("/modules/status").json()["counts"] == {
        "active": 4,
        "failed": 2,
        "blocked": 1,
    }
    status = client.get("/modules/status").json()["modules"]
    assert status["broken"]["state"] == "failed"
    assert status["billing"]["health"] == "healthy"
    assert client.get("/modules/billing/health").status_code == 200
    failed = client.get("/modules/broken/health")
    assert (failed.status_code, failed.json()["status"]) == (503, "failed")
    assert client.get("/modules/nope/health").status_code == 404


def test_the_admin_api_plans_applies_and_audits(client: TestClient, journal: list[Any]) -> None:
    base = "/api/v1/admin/modstack"
    preview = client.post(
        f"{base}/tenants/globex/modules/billing/enable", params={"dry_run": "true"}
    )
    assert preview.status_code == 200
    assert preview.json()["applied"] is False
    assert [c["code"] for c in preview.json()["changes"]] == ["payments", "billing"]
    applied = client.post(
        f"{base}/tenants/globex/modules/billing/enable", params={"reason": "upsell"}
    )
    assert applied.json()["applied"] is True
    assert (
        client.get("/api/v1/vendor/billing/invoices", headers=tenant("globex")).status_code == 200
    )
    deadline = time.monotonic() + 5
    while ("enabled", "billing", "globex") not in journal and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ("enabled", "billing", "globex") in journal  # on_enable ran for the tenant
    modules = client.get(f"{base}/tenants/globex/modules").json()
    assert "billing" in modules["enabled"]
    audit = client.get(f"{base}/audit", params={"tenant": "globex", "limit": 2}).json()
    assert {(r["code"], r["reason"]) for r in audit} == {
        ("billing", "upsell"),
        ("payments", "upsell"),
    }
    listed = client.get(f"{base}/modules").json()["modules"]
    assert {m["code"]: m["state"] for m in listed}["broken"] == "failed"
    core = client.post(f"{base}/tenants/acme/modules/core/disable")
    assert (core.status_code, core.json()["code"]) == (409, "core_module")
    unknown = client.post(f"{base}/tenants/acme/modules/biling/enable")
    assert unknown.status_code == 404
    assert "did you mean 'billing'" in unknown.json()["detail"]


def test_the_admin_api_needs_the_token_in_production(settings: Any) -> None:
    from modstack.fastapi import create_app

    production = settings.model_copy(update={"environment": "production", "admin_token": None})
    with TestClient(create_app(settings=production)) as client:
        refused = client.get("/api/v1/admin/modstack/modules")
        assert (refused.status_code, refused.json()["code"]) == (503, "admin_disabled")
    from pydantic import SecretStr

    guarded = production.model_copy(update={"admin_token": SecretStr("s3cret")})
    with TestClient(create_app(settings=guarded)) as client:
        assert client.get("/api/v1/admin/modstack/modules").status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert client.get("/api/v1/admin/modstack/modules", headers=wrong).status_code == 401
        right = {"Authorization": "Bearer s3cret"}
        assert client.get("/api/v1/admin/modstack/modules", headers=right).status_code == 200


def test_require_module_access_gates_routes_outside_module_folders(
    app: FastAPI, client: TestClient
) -> None:
    from fastapi import Depends

    @app.get("/reports/billing", dependencies=[Depends(require_module_access("billing"))])
    async def report() -> dict[str, bool]:
        return {"ok": True}

    assert client.get("/reports/billing", headers=tenant("acme")).json() == {"ok": True}
    assert client.get("/reports/billing", headers=tenant("globex")).status_code == 403


def test_module_routes_keep_fastapis_404_and_405(client: TestClient) -> None:
    missing = client.get("/api/v1/storefront/payments/nope", headers=tenant("acme"))
    assert missing.status_code == 404
    wrong_method = client.post("/api/v1/storefront/payments/methods", headers=tenant("acme"))
    assert wrong_method.status_code == 405
    assert wrong_method.headers["allow"] == "GET"


def test_module_routes_appear_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/storefront/payments/methods" in paths
    assert "/api/v1/vendor/billing/invoices" in paths
    assert not any(path.startswith("/api/v1/vendor/bad-routes") for path in paths)


def test_why_a_module_failed_is_for_operators_only(app: FastAPI) -> None:
    with TestClient(app) as anonymous:
        app.state.modstack.tenancy.create_tenant("acme", modules=["billing"])
        broken = anonymous.get("/api/v1/storefront/broken/x", headers=tenant("acme"))
    assert broken.status_code == 503
    assert broken.json() == {"code": "module_unavailable", "module": "broken", "state": "failed"}
    assert "gateway unreachable" not in broken.text


def test_modstacks_own_routes_keep_their_names(app: FastAPI, client: TestClient) -> None:
    """``url_for`` and generated API clients (operation ids) rely on these names."""
    assert app.url_path_for("health") == "/health"
    assert app.url_path_for("modules_status") == "/modules/status"
    assert app.url_path_for("module_health", code="billing") == "/modules/billing/health"
    assert app.url_path_for("list_modules") == "/api/v1/admin/modstack/modules"
    assert app.url_path_for("signin_page") == "/admin/signin"
    operations = client.get("/openapi.json").json()["paths"]
    assert operations["/health"]["get"]["operationId"] == "health_health_get"
    assert "head" not in operations["/health"]
