"""Modules found by scanning a package (the Flask seed's ``core/modules/``) by the
``modstack`` CLI: ``--package NAME`` or ``[tool.modstack] package``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.adapters.flask.conftest import SEED_TREE

SEED_ORDER = ["connection_api", "user_management", "wallet_module", "transactions_module"]


def _modstack(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")}
    return subprocess.run([sys.executable, "-m", "modstack", *args], cwd=cwd, env=env,
                          text=True, capture_output=True, timeout=120, check=False)  # fmt: skip


def _codes(listed: str) -> list[str]:
    data = json.loads(listed)
    modules = data["modules"] if isinstance(data, dict) else data
    return [m["code"] for m in modules]


def test_the_cli_scans_the_package_named_by_the_option(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(SEED_TREE, app, ignore=shutil.ignore_patterns("__pycache__"))
    listed = _modstack(app, "--package", "core.modules", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert _codes(listed.stdout) == SEED_ORDER
    assert _modstack(app, "list", "--json").returncode != 0  # no package: no modules folder


def test_the_cli_scans_the_package_named_in_pyproject(tmp_path: Path) -> None:
    app = tmp_path / "app"
    shutil.copytree(SEED_TREE, app, ignore=shutil.ignore_patterns("__pycache__"))
    (app / "pyproject.toml").write_text('[tool.modstack]\npackage = "core.modules"\n')
    (app / "sub").mkdir()
    listed = _modstack(app / "sub", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert _codes(listed.stdout) == SEED_ORDER
