"""What a new user meets first at the command line: which database a command works on
(and that reading never creates one), messages that name it, tables with headers, help
texts in plain words, an audit log that fits 80 columns."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from modstack.cli import cli

MARKETPLACE = str(Path(__file__).parents[2] / "examples/marketplace/app/modules")
ASSETS = Path(__file__).parents[1] / "assets"
MIGRATIONS_APP = str(ASSETS / "migrations-app/modules")
CONFIG_APP = str(ASSETS / "config-app/modules")
WEB_APP = str(ASSETS / "web-app/modules")


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The current folder, with no database in it and none named in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MODSTACK_DATABASE_URL", raising=False)
    return tmp_path


READING_COMMANDS = [
    ["tenants"],
    ["status", "--tenant", "acme"],
    ["audit"],
    ["enable", "billing", "--tenant", "acme"],
    ["disable", "billing", "--tenant", "acme"],
    ["events", "list"],
    ["events", "redeliver"],
    ["db", "history"],
    ["db", "check"],
    ["db", "downgrade", "billing@base"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=" ".join)
def test_a_command_that_reads_state_creates_no_database_and_says_where_it_looked(
    empty_folder: Path, command: list[str]
) -> None:
    result = run(*command, "--modules", MARKETPLACE)

    assert result.exit_code == 1
    default = empty_folder / "modstack.db"
    assert f"no database at {default}" in result.stderr
    assert "no --database given and MODSTACK_DATABASE_URL is not set" in result.stderr
    assert "--database URL or MODSTACK_DATABASE_URL" in result.stderr
    assert "modstack tenants create NAME` or `modstack db upgrade` creates" in result.stderr
    assert list(empty_folder.iterdir()) == []


def test_the_message_says_the_database_came_from_the_environment(empty_folder: Path) -> None:
    url = f"sqlite:///{empty_folder / 'elsewhere.db'}"

    result = run("tenants", "--modules", MARKETPLACE, env={"MODSTACK_DATABASE_URL": url})

    assert result.exit_code == 1
    assert f"no database at {empty_folder / 'elsewhere.db'} (from MODSTACK_DATABASE_URL)" in (
        result.stderr
    )
    assert not (empty_folder / "elsewhere.db").exists()


def test_tenants_create_makes_the_database_says_where_and_what_it_enabled(
    empty_folder: Path,
) -> None:
    created = run("tenants", "create", "acme", "--modules", MARKETPLACE)

    assert created.exit_code == 0, created.output
    assert created.stdout.splitlines() == [
        f"created tenant 'acme' in sqlite:///{empty_folder / 'modstack.db'}",
        "  core modules (always on): core, cms, tenancy, customers",
    ]
    assert "''" not in created.stdout
    assert "nothing to change" not in created.stdout
    with_modules = run("tenants", "create", "shop", "-m", "billing", "--modules", MARKETPLACE)
    assert with_modules.stdout.splitlines()[2:] == [
        "  + payments  disabled -> dependency  (required by billing)",
        "  + billing   disabled -> enabled     (requested)",
    ]
    listed = run("tenants", "--modules", MARKETPLACE, "--json")
    assert [t["tenant"] for t in json.loads(listed.stdout)] == ["acme", "shop"]


def test_an_error_names_the_database_it_came_from(empty_folder: Path) -> None:
    run("tenants", "create", "acme", "--modules", MARKETPLACE)

    refused = run("enable", "billing", "--tenant", "acme-typo", "--modules", MARKETPLACE)

    assert refused.exit_code == 1
    assert "no tenant 'acme-typo'" in refused.stderr
    assert f"database: sqlite:///{empty_folder / 'modstack.db'}" in refused.stderr


def test_an_error_hides_the_password_of_the_database_url(empty_folder: Path) -> None:
    url = "postgresql+psycopg://app:s3cret@127.0.0.1:1/app?connect_timeout=1"

    refused = run("tenants", "--modules", MARKETPLACE, "--database", url)

    assert refused.exit_code == 1
    assert "database: postgresql+psycopg://app:***@127.0.0.1:1/app" in refused.stderr
    assert "s3cret" not in refused.output


def test_db_upgrade_creates_the_database_and_says_where(empty_folder: Path) -> None:
    upgraded = run("db", "upgrade", "--modules", MIGRATIONS_APP)

    assert upgraded.exit_code == 0, upgraded.output
    assert upgraded.stdout.splitlines()[0] == f"database sqlite:///{empty_folder / 'modstack.db'}"
    assert "payments: at payments_001" in upgraded.stdout
    assert (empty_folder / "modstack.db").is_file()


def test_config_validate_without_a_database_reads_nothing_stored_and_creates_nothing(
    empty_folder: Path,
) -> None:
    result = run("config", "show-env", "--modules", CONFIG_APP)

    assert result.exit_code == 0, result.output
    assert f"note: no database at {empty_folder / 'modstack.db'}" in result.stderr
    assert "BILLING_CURRENCY" in result.stdout
    assert list(empty_folder.iterdir()) == []


def test_events_list_prints_a_header(empty_folder: Path) -> None:
    run("tenants", "create", "acme", "--modules", MARKETPLACE)

    listed = run("events", "list", "--modules", MARKETPLACE)

    assert listed.exit_code == 0, listed.output
    assert listed.stdout == "no stored events\n"
    failed = run("events", "list", "--status", "failed", "--modules", MARKETPLACE)
    assert failed.stdout == "no failed events\n"


def test_services_list_prints_a_header() -> None:
    listed = run("services", "list", "--modules", WEB_APP)

    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["service", "version", "module"]
    assert lines[1].split() == ["payment_gateway", "2.1.0", "payments"]


def _every_command(group: click.Group, path: list[str]) -> list[list[str]]:
    found = [path]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _every_command(command, [*path, name])
        else:
            found.append([*path, name])
    return found


@pytest.mark.parametrize("command", _every_command(cli, []), ids=" ".join)
def test_help_texts_are_plain_words_within_80_columns(command: list[str]) -> None:
    shown = CliRunner().invoke(cli, [*command, "--help"], terminal_width=80)

    assert shown.exit_code == 0
    for line in shown.stdout.splitlines():
        assert "``" not in line, line
        assert ":func:" not in line, line
        assert ":class:" not in line, line
        assert len(line) <= 80, line
        if not line.startswith("Usage:"):
            assert not line.endswith("..."), f"a truncated short help: {line}"


def test_the_audit_log_fits_80_columns_with_every_word_whole(empty_folder: Path) -> None:
    run("tenants", "create", "shop", "-m", "checkout", "--modules", MARKETPLACE)
    reason = "the vendor asked for weekly sales reports before the spring catalogue goes out"
    run("enable", "analytics", "-t", "shop", "--reason", reason, "--modules", MARKETPLACE)

    shown = run("audit", "--modules", MARKETPLACE, env={"COLUMNS": "80"})

    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), "\n".join(lines)
    assert "…" not in shown.stdout
    assert lines[0] == "5 audit records, newest first"
    assert lines[1].split() == ["when", "tenant", "module", "change", "actor"]
    text = " ".join(line.strip() for line in lines)
    assert f"requested; {reason}" in text
    assert "disabled -> dependency" in text
    assert "required by checkout; new tenant" in text


@pytest.mark.parametrize("url", ["data/marketplace.db", "sqlite:data/x.db", "postgres://u@h/db"])
def test_a_database_that_is_no_url_says_what_a_url_looks_like(url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["tenants", "--modules", MARKETPLACE, "--database", url])
    assert result.exit_code == 1
    assert f"not a database URL: {url!r} (from --database)" in result.output
    assert "sqlite:///path/to/file.db" in result.output


def test_the_message_names_the_databases_found_in_the_folder(empty_folder: Path) -> None:
    (empty_folder / "data").mkdir()
    (empty_folder / "data/credit.db").write_bytes(b"")

    result = run("tenants", "--modules", MARKETPLACE)

    assert result.exit_code == 1
    assert "--database sqlite:///data/credit.db   (found here)" in result.stderr
    assert "modstack tenants list --database URL" in result.stderr


def test_validate_says_where_it_found_a_package_only_app(
    empty_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).parents[2] / "examples/credit"))
    result = run("validate", env={"MODSTACK_PACKAGE": "credit.core.modules"})  # as --package

    assert result.exit_code == 0, result.output
    assert "modules at package credit.core.modules: no problems" in result.output
