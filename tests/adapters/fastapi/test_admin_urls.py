"""Only ``routes/pages/admin.py`` serves under ``/admin``, behind the admin credential:
a module whose other page file serves an ``/admin`` URL fails, naming the file and the
URL, instead of serving an admin URL open (as on Flask)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from modstack.fastapi import create_app
from modstack.settings import ModstackSettings
from tests.adapters.trees import tree_with_module

CONTRACT_TREE = Path(__file__).parents[2] / "assets/contract/fastapi/modules"
PAGES = """from fastapi import APIRouter

router = APIRouter()


@router.get("{path}")
def page() -> str:
    return "the page"
"""


def _tree(tmp_path: Path, file: str, path: str) -> Path:
    pages = {f"routes/pages/{file}": PAGES.replace("{path}", path)}
    return tree_with_module(tmp_path, CONTRACT_TREE, "desk", pages)


def _settings(tmp_path: Path, tree: Path) -> ModstackSettings:
    return ModstackSettings(
        modules=str(tree),
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        environment="test",
        admin_token="fastapi-admin-token",
        _env_file=None,  # type: ignore[call-arg]
    )


def test_a_public_page_file_serving_an_admin_url_fails_the_module(tmp_path: Path) -> None:
    app = create_app(settings=_settings(tmp_path, _tree(tmp_path, "public.py", "/admin/reports")))
    with TestClient(app) as client:
        runtime = app.state.modstack.kernel.modules["desk"]
        assert runtime.state.value == "failed"
        assert "public.py: /admin/reports is an admin frontend URL" in str(runtime.reason)
        app.state.modstack.tenancy.create_tenant("acme", modules=["desk"])
        answer = client.get("/admin/reports", headers={"X-Tenant": "acme"})
        assert answer.status_code != 200
        assert "the page" not in answer.text


def test_the_bare_admin_url_of_an_admin_page_needs_the_credential(tmp_path: Path) -> None:
    app = create_app(settings=_settings(tmp_path, _tree(tmp_path, "admin.py", "")))
    with TestClient(app, follow_redirects=False) as client:
        app.state.modstack.tenancy.create_tenant("acme", modules=["desk"])
        browser = {"X-Tenant": "acme", "Accept": "text/html"}
        assert client.get("/admin", headers=browser).status_code == 303
        admin = {**browser, "Authorization": "Bearer fastapi-admin-token"}
        assert client.get("/admin", headers=admin).text == '"the page"'
