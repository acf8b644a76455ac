"""``modstack.testing``'s fixtures on a Django project: the project's own settings
(``DJANGO_SETTINGS_MODULE``: its ``MODSTACK``, here a moved API prefix) with the test's
database and token over them, a tenant client, the admin headers; and a clear failure
when Django has no settings."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.adapters.django.project import CONTRACT_TREE

SETTINGS = """
SECRET_KEY = "tests"
ALLOWED_HOSTS = ["localhost"]
INSTALLED_APPS = ["modstack.django"]
MIDDLEWARE = ["modstack.django.middleware.ModstackMiddleware"]
ROOT_URLCONF = "modstack.django.urls"
MODSTACK = {"modules": "modules", "api_prefix": "/apis/v2"}
"""

CONFTEST = """
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
pytest_plugins = ["modstack.testing"]
"""

TESTS = """
PING = "/apis/v2/vendor/notes/ping"


def test_notes_answers_the_tenants_that_have_it(modstack_tenant):
    acme = modstack_tenant("acme", modules=["notes"])
    answer = acme.get(PING)
    assert (answer.status_code, answer.json()["tenant"]) == (200, "acme")
    refused = modstack_tenant("globex").get(PING)
    assert (refused.status_code, refused.json()["code"]) == (403, "module_disabled")


def test_the_admin_api_takes_the_tests_token(modstack_client, modstack_admin_headers):
    assert modstack_client.get("/apis/v2/admin/modstack/modules").status_code == 401
    listed = modstack_client.get("/apis/v2/admin/modstack/modules", headers=modstack_admin_headers)
    assert listed.status_code == 200
    assert "notes" in listed.text
"""


def _project(tmp_path: Path, conftest: str, settings: str = SETTINGS) -> Path:
    project = tmp_path / "site"
    shutil.copytree(
        CONTRACT_TREE, project / "modules", ignore=shutil.ignore_patterns("__pycache__")
    )
    (project / "project").mkdir()
    (project / "project/__init__.py").write_text("")
    (project / "project/settings.py").write_text(settings)
    (project / "pyproject.toml").write_text(
        '[tool.modstack]\nframework = "django"\nmodules = "modules"\n'
    )
    (project / "conftest.py").write_text(conftest)
    (project / "test_notes.py").write_text(TESTS)
    return project


def _pytest(project: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith(("MODSTACK_", "DJANGO_"))}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider"],
        cwd=project, capture_output=True, text=True, timeout=300, env=clean,
    )  # fmt: skip


def test_the_fixtures_serve_the_projects_modules_with_its_settings(tmp_path: Path) -> None:
    result = _pytest(_project(tmp_path, CONFTEST))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_without_django_settings_the_fixtures_say_what_to_set(tmp_path: Path) -> None:
    result = _pytest(_project(tmp_path, 'pytest_plugins = ["modstack.testing"]\n'))
    assert result.returncode == 1
    assert "DJANGO_SETTINGS_MODULE" in result.stdout


def test_a_project_that_cannot_start_says_why_in_every_test(tmp_path: Path) -> None:
    typo = SETTINGS + 'MODULE_CONFIGS = {"notse": {"greeting": "hi"}}\n'
    result = _pytest(_project(tmp_path, CONFTEST, typo))
    assert result.returncode == 1
    assert "2 failed" in result.stdout or "2 error" in result.stdout, result.stdout
    assert "reentrant" not in result.stdout
    assert result.stdout.count("notse") >= 2  # the module code, named for each test
