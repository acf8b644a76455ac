"""``modstack enable|disable|tenants|status|audit`` over a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modstack.cli import cli

MARKETPLACE = str(Path(__file__).parents[2] / "examples/marketplace/app/modules")


@pytest.fixture
def database(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'modstack.db'}"


def run(database: str, *args: str) -> Result:
    arguments = [*args, "--modules", MARKETPLACE, "--database", database]
    return CliRunner().invoke(cli, arguments, catch_exceptions=False)


def test_create_list_and_status(database: str) -> None:
    created = run(database, "tenants", "create", "acme", "-m", "billing", "--json")
    assert created.exit_code == 0, created.output
    assert [c["code"] for c in json.loads(created.stdout)["changes"]] == ["payments", "billing"]
    listed = json.loads(run(database, "tenants", "--json").stdout)
    assert [(t["tenant"], t["version"], t["modules"]) for t in listed] == [("acme", 1, 2)]
    status = json.loads(run(database, "status", "--tenant", "acme", "--json").stdout)
    assert status["enabled"] == ["core", "cms", "payments", "billing", "tenancy", "customers"]
    assert {m["code"]: m["state"] for m in status["modules"]}["payments"] == "dependency"
    assert "billing" in run(database, "status", "-t", "acme").stdout


def test_dry_run_shows_the_plan_and_changes_nothing(database: str) -> None:
    run(database, "tenants", "create", "acme")
    result = run(database, "enable", "checkout", "--tenant", "acme", "--dry-run")
    assert result.exit_code == 0
    assert "enable 'checkout' for tenant 'acme': 4 changes" in result.stdout
    assert "+ payments  disabled -> dependency  (required by orders)" in result.stdout
    assert "dry run: nothing was changed" in result.stdout
    assert json.loads(run(database, "audit", "--json").stdout) == []


def test_a_cascade_needs_confirmation_when_not_interactive(database: str) -> None:
    run(database, "tenants", "create", "acme", "-m", "checkout")
    refused = run(database, "disable", "payments", "--tenant", "acme")
    assert refused.exit_code == 1
    assert "- checkout  enabled -> disabled" in refused.stdout
    assert (
        "this plan changes 4 modules, not just 'payments'; review it and pass --yes"
        in refused.stderr
    )
    applied = run(
        database,
        "disable",
        "payments",
        "--tenant",
        "acme",
        "--cascade",
        "--reason",
        "ended",
        "--json",
    )
    assert applied.exit_code == 0
    data = json.loads(applied.stdout)
    assert data["applied"] is True
    assert [c["code"] for c in data["changes"]] == ["checkout", "orders", "payments", "cart"]
    audit = json.loads(run(database, "audit", "--tenant", "acme", "--limit", "4", "--json").stdout)
    assert {(r["reason"], r["plan_id"]) for r in audit} == {("ended", data["id"])}


def test_a_single_change_needs_no_confirmation(database: str) -> None:
    run(database, "tenants", "create", "acme", "-m", "payments")
    result = run(database, "enable", "billing", "-t", "acme", "--actor", "alice")
    assert result.exit_code == 0
    assert "applied (plan " in result.stdout
    assert (
        json.loads(run(database, "audit", "--json", "--limit", "1").stdout)[0]["actor"] == "alice"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ("disable", "core", "-t", "acme"),
            "module 'core' is core and cannot be disabled",
            id="core",
        ),
        pytest.param(
            ("enable", "biling", "-t", "acme"), "did you mean 'billing'", id="unknown-module"
        ),
        pytest.param(
            ("enable", "billing", "-t", "nobody"),
            "no tenant 'nobody'; create it first",
            id="no-tenant",
        ),
        pytest.param(("status", "-t", "nobody"), "no tenant 'nobody'", id="status-no-tenant"),
        pytest.param(("tenants", "create", "acme"), "tenant 'acme' already exists", id="exists"),
    ],
)
def test_mistakes_are_one_clear_line_and_exit_1(
    database: str, args: tuple[str, ...], message: str
) -> None:
    run(database, "tenants", "create", "acme")
    result = run(database, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_an_unreachable_database_is_reported_without_a_traceback() -> None:
    result = run("postgresql+psycopg://app:pw@127.0.0.1:1/x?connect_timeout=1", "tenants")
    assert result.exit_code == 1
    assert "the tenancy database at postgresql+psycopg://app:***@127.0.0.1:1/x" in result.stderr


def test_the_prompt_applies_on_yes_in_a_real_terminal(database: str) -> None:
    run(database, "tenants", "create", "acme", "-m", "checkout")
    primary, secondary = os.openpty()
    command = [sys.executable, "-m", "modstack", "disable", "payments", "-t", "acme",
               "--modules", MARKETPLACE, "--database", database]  # fmt: skip
    process = subprocess.Popen(
        command, stdin=secondary, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    os.write(primary, b"y\n")
    out, err = process.communicate(timeout=60)
    os.close(primary)
    os.close(secondary)
    assert process.returncode == 0, err
    assert b"Apply these 4 changes? [y/N]" in out
    assert b"applied (plan " in out
