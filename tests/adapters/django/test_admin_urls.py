"""Only ``routes/pages/admin.py`` serves under ``/admin``, behind the admin credential,
at ``/admin`` itself as under it; another page file serving an ``/admin`` URL fails its
module, naming the file and the URL (as on FastAPI and Flask)."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import ADMIN_TOKEN, settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving
from tests.adapters.trees import tree_with_module

PAGES = """from django.http import HttpResponse
from django.urls import path


def page(request):
    return HttpResponse("the desk")


urlpatterns = [path("{route}", page)]
"""
ACME = {"X-Tenant": "acme", "Accept": "text/html"}


def _app(tmp_path: Path, file: str, route: str) -> Modstack:
    pages = {f"routes/pages/{file}": PAGES.replace("{route}", route)}
    tree = tree_with_module(tmp_path, CONTRACT_TREE, "desk", pages)
    return Modstack(settings_for(tmp_path, modules=str(tree)))


def test_the_bare_admin_url_of_an_admin_page_needs_the_credential(tmp_path: Path) -> None:
    with serving(_app(tmp_path, "admin.py", "")) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["desk"])
        client = Client()
        for method in ("get", "post", "head"):
            answer = getattr(client, method)("/admin/", headers=ACME)
            assert answer.status_code == 303, method
            assert b"the desk" not in answer.content
        admin = {**ACME, "Authorization": f"Bearer {ADMIN_TOKEN}"}
        assert client.get("/admin/", headers=admin).content == b"the desk"


def test_a_public_page_file_serving_an_admin_url_fails_the_module(tmp_path: Path) -> None:
    with serving(_app(tmp_path, "public.py", "admin/reports")) as stack:
        runtime = stack.core.kernel.modules["desk"]
        assert runtime.state.value == "failed"
        assert "public.py: /admin/reports is an admin frontend URL" in str(runtime.reason)
        stack.core.tenancy.create_tenant("acme", modules=["desk"])
        answer = Client().get("/admin/reports", headers=ACME)
        assert answer.status_code != 200
        assert b"the desk" not in answer.content
