"""The viewer role (``MODSTACK_VIEWER_TOKEN``), the same on every adapter: it sees what
the admin sees (the dashboard, status, metrics, the admin API's ``GET`` routes) and
changes nothing, whether it sends the token or signed in with it."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from modstack.settings import ModstackSettings
from modstack.web.admin_access import SESSION_COOKIE, AdminAccess
from tests.adapters.contract.adapters import Adapter
from tests.adapters.contract.conftest import ADMIN_TOKEN
from tests.adapters.contract.test_dashboard import ACME, DISABLE_NOTES, HOME

VIEWER_TOKEN = "viewer-token-for-the-contract-suite"
API = "/api/v1/admin/modstack"


def _viewing(settings: ModstackSettings) -> ModstackSettings:
    return settings.model_copy(update={"viewer_token": SecretStr(VIEWER_TOKEN)})


def _credentials(settings: ModstackSettings) -> dict[str, dict[str, str]]:
    session = AdminAccess(settings).sign_in(VIEWER_TOKEN)  # what the sign-in form sets
    assert session is not None
    return {"bearer": {"Authorization": f"Bearer {VIEWER_TOKEN}"},
            "session": {"Cookie": f"{SESSION_COOKIE}={session}"}}  # fmt: skip


@pytest.mark.parametrize("how", ["bearer", "session"])
def test_a_viewer_sees_everything_and_changes_nothing(
    adapter: Adapter, settings: ModstackSettings, how: str
) -> None:
    viewing = _viewing(settings)
    viewer = _credentials(viewing)[how]
    with adapter.running(viewing) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        for path in (HOME, ACME, "/modules/status", "/metrics", f"{API}/modules"):
            assert app.get(path, **viewer).status == 200, path
        page = app.get(ACME, **viewer)
        assert 'id="read-only"' in page.text
        assert '<form method="post" action="/admin/modstack/tenants' not in page.text
        for answer in (
            app.form(DISABLE_NOTES, {"csrf": "x"}, **viewer),
            app.send("POST", f"{API}/tenants/acme/modules/notes/disable", viewer, b""),
        ):
            assert (answer.status, answer.json["code"]) == (403, "read_only"), answer.text
        assert app.stack.tenancy.is_enabled("acme", "notes")


def test_the_admin_still_changes_and_a_wrong_viewer_token_is_a_guess(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(_viewing(settings)) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        page = app.get(ACME, **admin)
        assert 'id="read-only"' not in page.text
        changed = app.send("POST", f"{API}/tenants/acme/modules/notes/disable", admin, b"")
        assert changed.status == 200, changed.text
        assert app.get(HOME, Authorization=f"Bearer {VIEWER_TOKEN}x").status == 401
        assert app.get("/modules/status", Authorization=f"Bearer {VIEWER_TOKEN}x").status == 401
