"""A module's admin pages on Flask: a browser without the admin credential is sent to
the sign-in form, which brings it back; with the credential the page serves."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from modstack.flask import create_app
from tests.adapters.flask.conftest import ADMIN_TOKEN, CONTRACT_TREE, running, settings_for
from tests.adapters.trees import tree_with_module

PAGE = """from flask import Blueprint

router = Blueprint("desk_admin_pages", __name__)


@router.get("/desk")
def desk() -> str:
    return "the desk"


@router.route("", methods=["GET", "POST"])
def front() -> str:
    return "the front desk"
"""


def _tree_with_an_admin_page(tmp_path: Path) -> Path:
    return tree_with_module(tmp_path, CONTRACT_TREE, "desk", {"routes/pages/admin.py": PAGE})


def test_an_admin_page_sends_a_browser_to_sign_in_and_back(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, modules=str(_tree_with_an_admin_page(tmp_path)))
    app = create_app(settings=settings)
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["desk"])
        client = app.test_client()
        acme = {"X-Tenant": "acme"}
        sent = client.get("/admin/desk?tab=1", headers=acme)
        assert sent.status_code == 303
        location = urlsplit(sent.headers["Location"])
        assert location.path == "/admin/signin"
        assert parse_qs(location.query) == {"next": ["/admin/desk?tab=1"]}
        form = client.get(sent.headers["Location"]).get_data(as_text=True)
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        assert csrf is not None
        fields = {"csrf": csrf.group(1), "token": ADMIN_TOKEN, "next": "/admin/desk?tab=1"}
        back = client.post("/admin/signin", data=fields)
        assert (back.status_code, back.headers["Location"]) == (303, "/admin/desk?tab=1")
        page = client.get("/admin/desk?tab=1", headers=acme)
        assert (page.status_code, page.get_data(as_text=True)) == (200, "the desk")
        wrong = client.get("/admin/desk", headers={**acme, "Authorization": "Bearer wrong"})
        assert wrong.status_code == 303  # a wrong bearer token is sent to sign in too


def test_every_url_of_an_admin_page_needs_the_credential(tmp_path: Path) -> None:
    """The bare ``/admin`` (a Blueprint route ``""``), any method, any spelling, and
    through a tenant prefix: a page from ``routes/pages/admin.py`` is never served open."""
    from modstack.web.tenants import PathPrefixTenant

    tree = str(_tree_with_an_admin_page(tmp_path))
    for resolver, prefix in ((None, ""), (PathPrefixTenant("/t"), "/t/acme")):
        database = tmp_path / ("prefixed" if prefix else "header")
        database.mkdir()
        settings = settings_for(database, modules=tree)
        app = create_app(settings=settings, tenant_resolver=resolver)
        with running(app) as stack:
            stack.core.tenancy.create_tenant("acme", modules=["desk"])
            client = app.test_client()
            acme = {"X-Tenant": "acme", "Accept": "text/html"}
            for method in ("GET", "POST", "HEAD"):
                for path in ("/admin", "/admin/desk", "//admin", "/admin//desk"):
                    answer = client.open(prefix + path, method=method, headers=acme)
                    assert answer.status_code in (303, 308, 404, 405), (method, path)
                    assert b"the desk" not in answer.get_data(), (method, path)
                    assert b"the front desk" not in answer.get_data(), (method, path)
            admin = {**acme, "Authorization": f"Bearer {ADMIN_TOKEN}"}
            front = client.get(prefix + "/admin", headers=admin)
            assert (front.status_code, front.get_data(as_text=True)) == (200, "the front desk")


def test_a_page_file_other_than_admin_cannot_serve_under_admin(tmp_path: Path) -> None:
    """``routes/pages/public.py`` serving ``/admin/reports`` would be an admin URL
    without the credential: the module fails, naming the file and the URL."""
    tree = _tree_with_an_admin_page(tmp_path)
    (tree / "desk/routes/pages/admin.py").rename(tree / "desk/routes/pages/public.py")
    (tree / "desk/routes/pages/public.py").write_text(
        PAGE.replace('"/desk"', '"/admin/reports"').replace('route("",', 'route("/x",')
    )
    app = create_app(settings=settings_for(tmp_path, modules=str(tree)))
    with running(app) as stack:
        runtime = stack.core.kernel.modules["desk"]
        assert runtime.state.value == "failed"
        assert "public.py: /admin/reports is an admin frontend URL" in str(runtime.reason)
        stack.core.tenancy.create_tenant("acme", modules=["desk"])
        answer = app.test_client().get("/admin/reports", headers={"X-Tenant": "acme"})
        assert answer.status_code != 200
