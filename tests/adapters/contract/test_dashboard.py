"""The admin dashboard (``/admin/modstack``), the same on every adapter: only the admin
sees it (a browser without the credential is sent to sign in and brought back), a change
is a form with a CSRF token, a change that takes other modules with it is confirmed
first, and what a tenant's page shows comes escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import Adapter, Answer, Client
from tests.adapters.contract.conftest import ADMIN_TOKEN
from tests.adapters.trees import tree_with_module

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
HOME = "/admin/modstack"
ACME = f"{HOME}/tenants/acme"
DISABLE_NOTES = f"{ACME}/modules/notes/disable"
REPORTS = """from modstack import ModuleDefinition

reports = ModuleDefinition("reports", requires=["notes"])
"""


def _with_reports(adapter: Adapter, settings: ModstackSettings, tmp_path: Path) -> ModstackSettings:
    tree = tree_with_module(tmp_path, adapter.tree, "reports", {"definition.py": REPORTS})
    return settings.model_copy(update={"modules": str(tree)})


def _csrf(page: Answer) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert found is not None, page.text
    return html.unescape(found.group(1))


def _enabled(app: Client, tenant: str = "acme") -> set[str]:
    return {code for code in ("notes", "reports") if app.stack.tenancy.is_enabled(tenant, code)}


def test_a_browser_without_the_credential_is_sent_to_sign_in_and_brought_back(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        for path in (HOME, ACME):
            sent = app.get(path)
            assert sent.status == 303, (path, sent.status)
            assert sent.headers["location"] == f"/admin/signin?next={path.replace('/', '%2F')}"
        wrong = app.get(HOME, Authorization="Bearer wrong")
        assert (wrong.status, wrong.json["code"]) == (401, "unauthorized")  # a client: why
        assert wrong.headers["www-authenticate"].startswith("Bearer")
        refused = app.form(DISABLE_NOTES, {"csrf": "x"})
        assert refused.status == 401  # refused before its body is read
        assert _enabled(app) == {"notes"}


def test_the_admin_sees_every_module_and_tenant(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        page = app.get(HOME, **ADMIN)
        assert page.status == 200, page.text
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["x-frame-options"] == "DENY"
        assert 'data-module="notes"' in page.text
        assert 'class="state-active">active' in page.text
        assert 'data-tenant="acme"' in page.text
        assert 'data-tenant="globex"' in page.text
        tenant = app.get(ACME, **ADMIN)
        assert tenant.status == 200
        assert f'action="{DISABLE_NOTES}"' in tenant.text
        assert app.get(f"{HOME}/tenants/nobody", **ADMIN).status == 404


def test_a_change_needs_the_pages_csrf_token(adapter: Adapter, settings: ModstackSettings) -> None:
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.get(ACME, **ADMIN)  # sets the CSRF cookie
        assert app.form(DISABLE_NOTES, {}, **ADMIN).status == 403
        assert app.form(DISABLE_NOTES, {"csrf": "forged"}, **ADMIN).status == 403
        assert _enabled(app) == {"notes"}
        done = app.form(DISABLE_NOTES, {"csrf": _csrf(app.get(ACME, **ADMIN))}, **ADMIN)
        assert done.status == 303
        assert done.headers["location"] == f"{ACME}?done=disable&changed=notes"
        assert _enabled(app) == set()
        shown = app.get(done.headers["location"], **ADMIN)
        assert "Disabled:\nnotes." in shown.text


def test_a_change_that_takes_others_with_it_is_confirmed_first(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path
) -> None:
    with adapter.running(_with_reports(adapter, settings, tmp_path)) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes", "reports"])
        csrf = _csrf(app.get(ACME, **ADMIN))
        asked = app.form(DISABLE_NOTES, {"csrf": csrf}, **ADMIN)
        assert asked.status == 200
        assert '<li data-module="reports">reports: enabled → disabled' in asked.text
        assert _enabled(app) == {"notes", "reports"}  # nothing changed yet
        confirmed = app.form(DISABLE_NOTES, {"csrf": _csrf(asked), "confirm": "yes"}, **ADMIN)
        assert confirmed.status == 303, confirmed.text
        assert "changed=" in confirmed.headers["location"]
        assert _enabled(app) == set()
        audit = app.stack.tenancy.audit(tenant="acme", limit=5)
        assert any("dashboard" in (record.reason or "") for record in audit)
        history = app.get(ACME, **ADMIN).text.split('id="history"')[1]
        assert "<td>reports</td><td>enabled → disabled</td>" in history
        assert "dashboard (admin-token)" in history


def test_the_notice_names_only_modules_the_tenant_has(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        forged = "notes,%3Cscript%3Ealert(1)%3C/script%3E,billing"
        page = app.get(f"{ACME}?done=enable&changed={forged}", **ADMIN)
        assert page.status == 200
        assert "Enabled:\nnotes." in page.text
        assert "alert(1)" not in page.text
        assert "billing" not in page.text


def test_a_health_check_that_does_not_import_is_reported_not_a_500(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path
) -> None:
    definition = (
        "from modstack import ModuleDefinition\n\n"
        'broken = ModuleDefinition("broken", health_check="brokn.hooks:health")\n'
    )
    tree = tree_with_module(tmp_path, adapter.tree, "broken", {"definition.py": definition})
    with adapter.running(settings.model_copy(update={"modules": str(tree)})) as app:
        page = app.get(HOME, **ADMIN)
        assert page.status == 200
        assert "health_check cannot be loaded" in page.text
        status = app.get("/modules/status", **ADMIN)
        assert status.status == 200
        health = app.get("/modules/broken/health", **ADMIN)
        assert (health.status, health.json["status"]) == (503, "unhealthy")


def test_another_open_page_keeps_the_forms_of_the_first_valid(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        first_tab = _csrf(app.get(ACME, **ADMIN))
        second_tab = app.get(HOME, **ADMIN)
        assert "set-cookie" not in second_tab.headers  # the browser's nonce is kept
        done = app.form(DISABLE_NOTES, {"csrf": first_tab}, **ADMIN)
        assert done.status == 303, done.text
