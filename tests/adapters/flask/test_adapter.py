"""What the Flask adapter adds to the contract suite: a failed module answers 503, the
app's own views are gated with ``require_module_access``, ``url_for`` finds module static
files and module endpoints, ``MODSTACK_*`` comes from ``app.config``, ``/metrics`` counts
each module's requests, and any tenant header is refused unless it names a tenant that
has the module."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask, url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modstack.flask import Modstack, create_app, require_module_access
from tests.adapters.flask.conftest import ADMIN_TOKEN, CONTRACT_TREE, running, settings_for

PING = "/api/v1/vendor/notes/ping"
ACME = {"X-Tenant": "acme"}


def _tree_with_a_broken_module(tmp_path: Path) -> Path:
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    broken = tree / "broken"
    (broken / "routes/api").mkdir(parents=True)
    (broken / "static").mkdir()
    (broken / "static/a.txt").write_text("a\n")
    (broken / "__init__.py").write_text("")
    (broken / "definition.py").write_text(
        'from modstack import ModuleDefinition\n\nbroken = ModuleDefinition("broken")\n'
    )
    (broken / "routes/__init__.py").write_text("")
    (broken / "routes/api/__init__.py").write_text("")
    (broken / "routes/api/vendor.py").write_text('raise RuntimeError("no routes today")\n')
    return tree


def test_a_module_that_failed_answers_503_and_the_others_serve(tmp_path: Path) -> None:
    tree = _tree_with_a_broken_module(tmp_path)
    app = create_app(settings=settings_for(tmp_path, modules=str(tree)))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = app.test_client()
        assert stack.core.kernel.modules["broken"].state.value == "failed"
        refused = client.get("/api/v1/vendor/broken/anything", headers=ACME)
        assert (refused.status_code, refused.json["code"]) == (503, "module_unavailable")
        assert "reason" not in refused.json  # failure details are for operators
        assert client.get("/static/modules/broken/a.txt").status_code == 503
        assert client.get(PING, headers=ACME).status_code == 200


def test_the_apps_own_views_are_gated_with_require_module_access(tmp_path: Path) -> None:
    app = Flask("own")
    app.config["MODSTACK_DEFAULT_TENANT"] = ""

    @app.get("/report")
    @require_module_access("notes")
    def report() -> dict[str, str]:
        return {"report": "ready"}

    Modstack(app, settings=settings_for(tmp_path))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = app.test_client()
        assert client.get("/report", headers=ACME).json == {"report": "ready"}
        assert client.get("/report", headers={"X-Tenant": "globex"}).status_code == 403
        assert client.get("/report").status_code == 400
        assert client.get("/report", headers={"X-Tenant": "nobody"}).status_code == 404


def test_url_for_finds_module_static_files_and_module_endpoints(tmp_path: Path) -> None:
    app = create_app(settings=settings_for(tmp_path))
    with running(app), app.test_request_context():
        assert url_for("notes_static", filename="hello.txt") == "/static/modules/notes/hello.txt"
        assert url_for("notes_static", path="hello.txt") == "/static/modules/notes/hello.txt"
        assert url_for("notes_vendor_api.ping") == PING
        assert url_for("notes_vendor_pages.page") == "/vendor/notes"


def test_settings_come_from_app_config(tmp_path: Path) -> None:
    app = Flask("configured")
    app.config["MODSTACK_DEFAULT_TENANT"] = "main"
    app.config["MODSTACK_API_PREFIX"] = "/api/v2"
    Modstack(app, settings=settings_for(tmp_path))
    with running(app):
        answer = app.test_client().get("/api/v2/vendor/notes/ping")
        assert answer.json == {"module": "notes", "tenant": "main"}


def test_metrics_count_each_modules_requests(tmp_path: Path) -> None:
    app = create_app(settings=settings_for(tmp_path))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = app.test_client()
        for _ in range(3):
            client.get(PING, headers=ACME)
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        text = client.get("/metrics", headers=admin).get_data(as_text=True)
        assert 'modstack_module_request_seconds_count{module="notes"} 3.0' in text


def test_an_admin_token_is_needed_for_status_and_the_admin_api(tmp_path: Path) -> None:
    app = create_app(settings=settings_for(tmp_path))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=[])
        client = app.test_client()
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        assert client.get("/api/v1/admin/modstack/tenants").status_code == 401
        assert client.get("/api/v1/admin/modstack/tenants", headers=admin).status_code == 200
        enable = "/api/v1/admin/modstack/tenants/acme/modules/notes/enable"
        assert client.post(enable).status_code == 401
        assert not stack.core.tenancy.is_enabled("acme", "notes")
        assert client.post(enable, headers=admin).status_code == 200
        assert stack.core.tenancy.is_enabled("acme", "notes")


def test_any_tenant_header_but_one_that_has_the_module_is_refused(tmp_path: Path) -> None:
    app = create_app(settings=settings_for(tmp_path))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = app.test_client()

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(tenant=st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=40))
        def check(tenant: str) -> None:
            answer = client.get(PING, headers={"X-Tenant": tenant})
            if tenant.strip() == "acme":
                assert answer.status_code == 200
            else:
                assert answer.status_code in (400, 403, 404), (tenant, answer.status_code)
                assert answer.json["code"] in {
                    "tenant_required",
                    "tenant_not_found",
                    "module_disabled",
                }

        check()


def test_modstacks_own_endpoints_keep_their_blueprints_names(tmp_path: Path) -> None:
    """``url_for`` and blueprint-wide settings (a CSRF exemption by blueprint name) rely
    on these names."""
    app = create_app(settings=settings_for(tmp_path))
    with app.test_request_context():
        assert url_for("modstack_health.health") == "/health"
        assert url_for("modstack_health.modules_status") == "/modules/status"
        assert url_for("modstack_admin.list_modules") == "/api/v1/admin/modstack/modules"
        assert url_for("modstack_signin.signin_page") == "/admin/signin"
