"""``modstack new app``: a project whose tests pass at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from modstack.cli import cli
from modstack.scaffold.module import PARTS


def test_a_new_fastapi_app_passes_its_tests(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    result = CliRunner().invoke(cli, ["new", "app", str(project)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (project / "app/main.py").is_file()
    assert (project / "app/modules/notes/definition.py").is_file()
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider"],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(project)},
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "6 passed" in tests.stdout
    formatted = subprocess.run(
        [str(Path(sys.executable).with_name("ruff")), "format", "--isolated", "--check",
         "--line-length", "100", str(project)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert formatted.returncode == 0, formatted.stdout
    checked = CliRunner().invoke(
        cli, ["check", "--modules", str(project / "app/modules"), "--fail-on", "info"]
    )
    assert checked.exit_code == 0, checked.output
    assert "no findings" in checked.output


def test_the_app_serves_its_first_module_for_a_tenant(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    CliRunner().invoke(cli, ["new", "app", str(project)], catch_exceptions=False)
    script = (
        "from fastapi.testclient import TestClient\n"
        "from app.main import app\n"
        "with TestClient(app) as client:\n"
        "    app.state.modstack.tenancy.create_tenant('acme', modules=['notes'])\n"
        "    r = client.post('/api/v1/storefront/notes/items', json={'name': 'hi'},"
        " headers={'X-Tenant': 'acme'})\n"
        "    print(r.status_code, r.json()['name'])\n"
    )
    ran = subprocess.run(
        [sys.executable, "-W", "error", "-c", script], cwd=project, capture_output=True,
        text=True, timeout=120, env={**os.environ, "MODSTACK_DATABASE_URL":
        f"sqlite:///{tmp_path / 'shop.db'}"},
    )  # fmt: skip
    assert ran.stdout.strip() == "201 hi", ran.stderr


def test_an_existing_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    result = CliRunner().invoke(cli, ["new", "app", str(tmp_path / "shop")])
    assert result.exit_code == 1
    assert "exists" in result.output


def test_a_new_flask_app_passes_its_tests_and_serves_its_first_module(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    result = CliRunner().invoke(
        cli, ["new", "app", str(project), "--framework", "flask"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert "flask --app app.main run" in result.output
    main = (project / "app/main.py").read_text()
    assert "from modstack.flask import create_app" in main
    assert 'framework = "flask"' in (project / "pyproject.toml").read_text()
    assert "Blueprint(" in (project / "app/modules/notes/routes/api/storefront.py").read_text()
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider"],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(project)},
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout + tests.stderr
    assert "6 passed" in tests.stdout
    formatted = subprocess.run(
        [str(Path(sys.executable).with_name("ruff")), "format", "--isolated", "--check",
         "--line-length", "100", str(project)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert formatted.returncode == 0, formatted.stdout
    checked = CliRunner().invoke(
        cli, ["check", "--modules", str(project / "app/modules"), "--fail-on", "info"]
    )
    assert checked.exit_code == 0, checked.output
    assert "no findings" in checked.output
    script = (
        "from app.main import app\n"
        "stack = app.extensions['modstack']\n"
        "client = app.test_client()\n"
        "client.get('/health')\n"
        "stack.core.tenancy.create_tenant('acme', modules=['notes'])\n"
        "r = client.post('/api/v1/storefront/notes/items', json={'name': 'hi'},"
        " headers={'X-Tenant': 'acme'})\n"
        "print(r.status_code, r.json['name'])\n"
        "stack.stop()\n"
    )
    ran = subprocess.run(
        [sys.executable, "-W", "error", "-c", script], cwd=project, capture_output=True,
        text=True, timeout=120, env={**os.environ, "MODSTACK_DATABASE_URL":
        f"sqlite:///{tmp_path / 'shop.db'}"},
    )  # fmt: skip
    assert ran.stdout.strip() == "201 hi", ran.stderr


@pytest.mark.parametrize("framework", ["fastapi", "flask"])
def test_a_generated_project_passes_ruff_with_its_own_settings(
    tmp_path: Path, framework: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ruff check` run inside the project (its pyproject's rules, `modstack` a third-party
    package there) finds nothing in what `new app`, `new module --with ...` and `db init`
    wrote."""
    project = tmp_path / "shop"
    runner = CliRunner()
    made = runner.invoke(cli, ["new", "app", str(project), "--framework", framework])
    assert made.exit_code == 0, made.output
    monkeypatch.chdir(project)
    for command in (
        ["new", "module", "ledger", "--with", ",".join(PARTS)],
        ["new", "module", "pages", "--with", "pages,tasks"],
        ["db", "init"],
    ):
        result = runner.invoke(cli, command, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    ruff = str(Path(sys.executable).with_name("ruff"))
    checked = subprocess.run(
        [ruff, "check", "--no-cache", "."], cwd=project, capture_output=True, text=True, timeout=60
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
