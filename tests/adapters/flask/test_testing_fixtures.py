"""``modstack.testing``'s fixtures on a Flask app whose modules are class-style modules
found by scanning a package (the seed's ``core.modules``), configured as the app and the
``modstack`` command read it: ``[tool.modstack] package`` or ``MODSTACK_PACKAGE``."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adapters.flask.conftest import SEED_TREE

SEED_TEST = """
pytest_plugins = ["modstack.testing"]

DEPOSIT = {"user_id": "u1", "amount": 5}


def test_the_wallet_serves_the_tenants_that_enabled_it(modstack_tenant):
    acme = modstack_tenant("acme", modules=["wallet_module"])
    assert acme.post("/wallet/deposit", json=DEPOSIT).status_code == 200
    globex = modstack_tenant("globex")
    refused = globex.post("/wallet/deposit", json=DEPOSIT)
    assert (refused.status_code, refused.json()["code"]) == (403, "module_disabled")
"""


def seed_project(tmp_path: Path, pyproject: str) -> Path:
    """A copy of the seed's tree with a ``pyproject.toml`` and a test of its own."""
    project = tmp_path / "seed"
    shutil.copytree(SEED_TREE, project, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "pyproject.toml").write_text(pyproject)
    (project / "tests").mkdir()
    (project / "tests/test_wallet.py").write_text(SEED_TEST)
    return project


def run_pytest(project: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """The project's tests in a pytest of their own, without the caller's MODSTACK_*."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", "-p", "no:cacheprovider"],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**clean, **environment},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("pyproject", "environment"),
    [
        ('[tool.modstack]\nframework = "flask"\npackage = "core.modules"\n', {}),
        ('[tool.modstack]\nframework = "flask"\n', {"MODSTACK_PACKAGE": "core.modules"}),
    ],
    ids=["pyproject", "environment"],
)
def test_the_fixtures_find_class_style_modules_in_the_configured_package(
    tmp_path: Path, pyproject: str, environment: dict[str, str]
) -> None:
    project = seed_project(tmp_path, pyproject)
    result = run_pytest(project, **environment)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
