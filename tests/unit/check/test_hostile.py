"""Trees built to trip the checker: link loops, unparsable and pathological files, a
definition that never loads. The check finishes and still reports what it should."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.unit.check.conftest import ASSETS, run_check

ROOT = Path(__file__).parents[3]


def _copy(tmp_path: Path, scenario: str) -> Path:
    target = tmp_path / scenario
    shutil.copytree(ASSETS / scenario, target)
    return target / "app/modules"


def test_link_loops_and_bad_files_do_not_stop_the_check(tmp_path: Path) -> None:
    modules = _copy(tmp_path, "check-mod008-no-exceptions")
    billing = modules / "billing"
    (billing / "services/loop").symlink_to(billing, target_is_directory=True)
    (billing / "templates/billing/loop").symlink_to(billing, target_is_directory=True)
    (billing / "services/binary.py").write_bytes(b"\x00\xff\xfe import")
    (billing / "services/deep.py").write_text("x = " + "(" * 5000 + ")" * 5000 + "\n")
    (billing / "services/latin1.py").write_bytes(b"# caf\xe9\nfrom app.modules.payments")
    result = run_check("--modules", str(modules), "--json")
    assert result.exit_code == 0, result.output
    assert '"rule": "MOD-008"' in result.stdout


def test_a_definition_that_does_not_load_is_reported_and_the_rest_checked(
    tmp_path: Path,
) -> None:
    modules = _copy(tmp_path, "check-mod010-route-without-router")
    (modules / "payments/definition.py").write_text("import sys\nsys.exit(3)\n")
    result = run_check("--modules", str(modules))
    assert result.exit_code == 1
    assert "TREE-001" in result.stdout
    assert "MOD-010" in result.stdout  # billing is still checked


def test_the_repository_ships_a_pre_commit_hook() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    check = next(h for h in hooks if h["id"] == "modstack-check")
    assert check["entry"] == "modstack check"
    assert check["pass_filenames"] is False
    assert check["language"] == "python"
