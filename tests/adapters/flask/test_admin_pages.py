"""A module's admin pages on Flask: a browser without the admin credential is sent to
the sign-in form, which brings it back; with the credential the page serves."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from modstack.flask import create_app
from tests.adapters.flask.conftest import ADMIN_TOKEN, CONTRACT_TREE, running, settings_for

PAGE = """from flask import Blueprint

router = Blueprint("desk_admin_pages", __name__)


@router.get("/desk")
def desk() -> str:
    return "the desk"
"""


def _tree_with_an_admin_page(tmp_path: Path) -> Path:
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    desk = tree / "desk"
    (desk / "routes/pages").mkdir(parents=True)
    for package in (desk, desk / "routes", desk / "routes/pages"):
        (package / "__init__.py").write_text("")
    (desk / "definition.py").write_text(
        'from modstack import ModuleDefinition\n\ndesk = ModuleDefinition("desk")\n'
    )
    (desk / "routes/pages/admin.py").write_text(PAGE)
    return tree


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
