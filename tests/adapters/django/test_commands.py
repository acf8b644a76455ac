"""The Django seed's management commands run the ``modstack`` command line on the
project's own configuration, print what it prints, and fail with its exit status;
``system_health`` reports every module and the store."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving

MANAGE = """import os
import sys

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="commands",
    INSTALLED_APPS=["modstack.django"],
    ROOT_URLCONF="modstack.django.urls",
    MODSTACK={{"modules": {modules!r}, "database_url": {database!r}}},
)
django.setup()

from django.core.management import execute_from_command_line

execute_from_command_line(sys.argv)
import threading

assert not any(t.name == "modstack" for t in threading.enumerate()), "a loop was started"
"""


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    manage = tmp_path / "manage.py"
    if not manage.exists():
        database = f"sqlite:///{tmp_path / 'project.db'}"
        manage.write_text(MANAGE.format(modules=str(CONTRACT_TREE), database=database))
    return subprocess.run([sys.executable, str(manage), *args], capture_output=True,
                          text=True, timeout=120, check=False, cwd=tmp_path)  # fmt: skip


def _call(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_manage_py_lists_and_checks_the_modules_and_starts_no_loop(tmp_path: Path) -> None:
    listed = _run(tmp_path, "list_modules", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "notes" in listed.stdout
    checked = _run(tmp_path, "check_modules")
    assert checked.returncode == 0, checked.stderr


def test_manage_py_fails_with_a_clear_error(tmp_path: Path) -> None:
    unknown = _run(tmp_path, "enable_module", "nothing", "--tenant", "acme")
    assert unknown.returncode != 0
    assert "Traceback" not in unknown.stderr
    no_tenant = _run(tmp_path, "enable_module", "notes")
    assert no_tenant.returncode != 0
    assert "name the tenant" in no_tenant.stderr


def test_manage_py_system_health_reports_every_module(tmp_path: Path) -> None:
    health = _run(tmp_path, "system_health", "--json")
    assert health.returncode == 0, health.stderr
    assert json.loads(health.stdout)["modules"]["notes"]["state"] == "active"


def test_enable_and_disable_module_change_the_projects_tenants(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=[])
        _call("enable_module", "notes", "--tenant", "acme", "--yes")
        assert "notes" in stack.core.tenancy.store.load("acme").stored
        _call("disable_module", "notes", "-t", "acme", "--yes")
        assert "notes" not in stack.core.tenancy.store.load("acme").stored


def test_the_default_tenant_is_the_tenant_of_a_single_tenant_project(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path, default_tenant="main"))) as stack:
        _call("disable_module", "notes", "--yes")
        assert "notes" not in stack.core.tenancy.store.load("main").stored


def test_services_and_settings_commands_answer(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))):
        assert json.loads(_call("list_services", "--json")) == {}  # the tree has none
        _call("check_services")
        _call("validate_config")
        exported = json.loads(_call("export_config", "--format", "json"))
        (tmp_path / "config.json").write_text(json.dumps(exported))
        _call("import_config", str(tmp_path / "config.json"), "--dry-run")


def test_a_failing_command_raises_command_error_with_its_status(tmp_path: Path) -> None:
    with serving(Modstack(settings_for(tmp_path))), pytest.raises(CommandError) as raised:
        _call("import_config", str(tmp_path / "missing.json"))
    assert raised.value.returncode != 0


def test_system_health_fails_when_a_module_failed(tmp_path: Path) -> None:
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    (tree / "notes/routes/api/vendor.py").write_text("raise RuntimeError('down')\n")
    broken = Modstack(settings_for(tmp_path, modules=str(tree)))
    with serving(broken), pytest.raises(CommandError, match="not healthy: notes"):
        _call("system_health")
