"""``modstack new app --framework django``: a Django project (manage.py, settings with
``modstack.django`` and its middleware, urls including ``modstack.django.urls``, WSGI and
ASGI entry points) with a first module whose routes are Django ``urlpatterns``: Django's
checks pass, it serves a tenant, its tests pass, and ``ruff`` and ``modstack check`` find
nothing, also after ``new module`` adds modules to it, with pages (gated, an admin page
behind the admin credential). Before, there was no template, and no Django page one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modstack.cli import cli

SERVE_ONE_REQUEST = """
import django
from django.test import Client
from django.test.utils import setup_test_environment

django.setup()
setup_test_environment()
from modstack.django import current

current().core.tenancy.create_tenant("acme", modules=["notes"])
client = Client(headers={"X-Tenant": "acme"})
added = client.post("/api/v1/storefront/notes/items", {"name": "hi"}, "application/json")
print(added.status_code, added.json()["name"])
"""

ADMIN_TOKEN = "an-admin-token-of-32-characters!"

SERVE_PAGES = """
import os

import django
from django.test import Client
from django.test.utils import setup_test_environment

django.setup()
setup_test_environment()
from modstack.django import current

current().core.tenancy.create_tenant("acme", modules=["shelf", "desk"])
current().core.tenancy.create_tenant("globex")
acme, globex = Client(headers={"X-Tenant": "acme"}), Client(headers={"X-Tenant": "globex"})
token = os.environ["MODSTACK_ADMIN_TOKEN"]
admin = {"Authorization": f"Bearer {token}"}
acme.post("/api/v1/storefront/shelf/items", {"name": "<tea>"}, "application/json")
page = acme.get("/storefront/shelf")
print(page.status_code, "<li>&lt;tea&gt;</li>" in page.content.decode())
refused = globex.get("/storefront/shelf")
print(refused.status_code, refused.json()["code"])
browser = acme.get("/admin/desk", headers={"Accept": "text/html"})
print(browser.status_code, browser["Location"])
print(acme.get("/admin/desk").status_code, acme.get(f"/admin/desk?token={token}").status_code)
signed = acme.get("/admin/desk", headers=admin)
print(signed.status_code, "<h1>Desk</h1>" in signed.content.decode())
print(globex.get("/admin/desk", headers=admin).json()["code"])
"""


def _run(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*args], cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(project), **env},
    )  # fmt: skip


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    made = tmp_path / "shop"
    result = CliRunner().invoke(
        cli, ["new", "app", str(made), "--framework", "django"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "python manage.py runserver" in result.output
    monkeypatch.delenv("MODSTACK_DATABASE_URL", raising=False)
    return made


def test_a_new_django_project_passes_djangos_checks_and_serves_a_tenant(
    project: Path, tmp_path: Path
) -> None:
    settings = (project / "app/settings.py").read_text()
    assert '"modstack.django"' in settings
    assert '"modstack.django.middleware.ModstackMiddleware"' in settings
    assert 'include("modstack.django.urls")' in (project / "app/urls.py").read_text()
    assert "urlpatterns" in (project / "app/modules/notes/routes/api/storefront.py").read_text()
    checked = _run(project, sys.executable, "-W", "error", "manage.py", "check")
    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout
    served = _run(
        project, sys.executable, "-W", "error", "-c", SERVE_ONE_REQUEST,
        DJANGO_SETTINGS_MODULE="app.settings",
        MODSTACK_DATABASE_URL=f"sqlite:///{tmp_path / 'shop.db'}",
    )  # fmt: skip
    assert served.stdout.strip() == "201 hi", served.stderr


def test_a_new_django_project_passes_its_tests_ruff_and_modstack_check(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    runner = CliRunner()
    for command in (
        ["new", "module", "ledger", "--with", "models,migrations,tasks,config,events,pages"],
        ["new", "module", "backoffice", "--frontend", "admin", "--with", "config,pages"],
        ["db", "init"],
    ):
        result = runner.invoke(cli, command, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert "urlpatterns" in (project / "app/modules/ledger/routes/api/storefront.py").read_text()
    tests = _run(project, sys.executable, "-m", "pytest", "-q", "-W", "error",
                 "-p", "no:cacheprovider")  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "20 passed" in tests.stdout  # the project's 3, notes' 4, 6 a paged module, 1 guard
    ruff = str(Path(sys.executable).with_name("ruff"))
    linted = _run(project, ruff, "check", "--no-cache", ".")
    assert linted.returncode == 0, linted.stdout + linted.stderr
    formatted = _run(project, ruff, "format", "--isolated", "--check", "--line-length", "100", ".")
    assert formatted.returncode == 0, formatted.stdout
    checked = runner.invoke(cli, ["check", "--modules", "app/modules", "--fail-on", "info"])
    assert checked.exit_code == 0, checked.output
    assert "no findings" in checked.output


def test_django_pages_are_gated_and_an_admin_page_needs_the_admin_credential(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    database = f"sqlite:///{tmp_path / 'shop.db'}"
    monkeypatch.setenv("MODSTACK_DATABASE_URL", database)
    runner = CliRunner()
    for command in (
        ["new", "module", "shelf", "--with", "models,pages", "--framework", "django"],
        ["new", "module", "desk", "--frontend", "admin", "--with", "pages"],
        ["db", "upgrade"],
    ):
        result = runner.invoke(cli, command, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    page = (project / "app/modules/shelf/routes/pages/storefront.py").read_text()
    assert 'urlpatterns = [path("shelf", shelf_page, name="page")]' in page
    checked = _run(project, sys.executable, "-W", "error", "manage.py", "check")
    assert checked.returncode == 0, checked.stderr
    served = _run(
        project, sys.executable, "-W", "error", "-c", SERVE_PAGES,
        DJANGO_SETTINGS_MODULE="app.settings", MODSTACK_ADMIN_TOKEN=ADMIN_TOKEN,
    )  # fmt: skip
    assert served.stdout.splitlines() == [
        "200 True",  # the tenant's items, escaped
        "403 module_disabled",  # the gate: globex has no shelf
        "303 /admin/signin?next=%2Fadmin%2Fdesk",  # a browser without the credential
        "303 303",  # any client without it; a token in the query is no credential
        "200 True",  # with it
        "module_disabled",  # the credential does not pass the gate
    ], served.stderr
