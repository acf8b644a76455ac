"""``modstack db`` over the migrations-app tree and a real SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from modstack.cli import cli

TREE = str(Path(__file__).parents[2] / "assets/migrations-app/modules")


def run(database: str, *args: str) -> Result:
    return CliRunner().invoke(
        cli, [*args, "--modules", TREE, "--database", database], catch_exceptions=False
    )


def test_upgrade_history_check_and_downgrade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    assert run(url, "db", "check").exit_code == 1  # nothing applied yet
    upgraded = run(url, "db", "upgrade", "--json")
    assert json.loads(upgraded.stdout) == {
        "upgraded": ["payments", "billing"],
        "current": {"payments": "payments_001", "billing": "billing_002"},
    }
    history = json.loads(run(url, "db", "history", "billing", "--json").stdout)
    assert [(h["revision"], h["applied"]) for h in history] == [
        ("billing_001", True),
        ("billing_002", True),
    ]
    assert "✓ the database matches the models" in run(url, "db", "check").stdout
    refused = run(url, "db", "downgrade", "payments@base")
    assert refused.exit_code == 1
    assert (
        "modules that require it still have tables: billing; downgrade billing@base first"
        in refused.stderr
    )
    assert run(url, "db", "downgrade", "billing@billing_001").stdout == "billing: at billing_001\n"
    assert run(url, "db", "downgrade", "billing@base").exit_code == 0
    assert run(url, "db", "downgrade", "payments@base").stdout == "payments: at base\n"


def test_a_naming_violation_is_an_error_naming_the_file(tmp_path: Path) -> None:
    bad = str(Path(__file__).parents[2] / "assets/migrations-bad/modules")
    result = CliRunner().invoke(
        cli, ["db", "upgrade", "--modules", bad, "--database", f"sqlite:///{tmp_path / 'm.db'}"]
    )
    assert result.exit_code == 1
    assert (
        "ship_1.py: name it shipping_<NNN>_<description>.py" not in result.stderr
    )  # the value, then the reason
    assert (
        "field 'migrations' = 'ship_1.py': name it shipping_<NNN>_<description>.py" in result.stderr
    )
