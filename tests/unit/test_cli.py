"""The ``modstack`` command over the sample trees in tests/assets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from modstack.cli import cli


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def shop(assets: Path) -> str:
    return str(assets / "valid-shop/modules")


def test_list_prints_modules_in_load_order(shop: str) -> None:
    result = run("list", "--modules", shop, "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [m["code"] for m in listed] == [
        "core",
        "accounts",
        "admin-tools",
        "payments",
        "reports",
        "billing",
    ]
    billing = listed[-1]
    assert billing["requires"] == ["payments>=1.2,<2"]
    assert billing["optional_requires"] == ["reports"]
    assert billing["tier"] == "optional"
    table = run("list", "--modules", shop).stdout
    assert "6 modules, in load order" in table
    assert "payments>=1.2,<2" in table


def test_show_tells_everything_about_one_module(shop: str) -> None:
    result = run("show", "billing", "--modules", shop, "--json")
    assert result.exit_code == 0
    detail = json.loads(result.stdout)
    assert detail["dependencies"] == ["payments"]
    assert detail["dependents"] == []
    assert detail["features"] == ["invoices"]
    assert detail["hooks"] == ["on_startup"]
    assert detail["paths"]["static"].endswith("valid-shop/modules/billing/static")
    assert detail["load_position"] == 6
    assert "Takes money." in run("show", "payments", "--modules", shop).stdout


def test_show_of_an_unknown_module_suggests_the_near_name(shop: str) -> None:
    result = run("show", "biling", "--modules", shop)
    assert result.exit_code == 1
    assert "no module 'biling' is registered; did you mean 'billing'?" in result.stderr


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        pytest.param(
            "text", "  6. billing      optional 1.2.0 -> payments>=1.2,<2, (reports)", id="text"
        ),
        pytest.param("dot", '"billing" -> "reports" [style=dashed];', id="dot"),
        pytest.param("mermaid", "admin_tools --> core", id="mermaid"),
        pytest.param("json", '"from": "billing"', id="json"),
    ],
)
def test_graph_formats(shop: str, fmt: str, expected: str) -> None:
    result = run("graph", "--format", fmt, "--modules", shop)
    assert result.exit_code == 0
    assert expected in result.stdout


def test_graph_json_lists_nodes_and_edges(shop: str) -> None:
    data = json.loads(run("graph", "--json", "--modules", shop).stdout)
    assert data["order"][0] == "core"
    assert {"from": "billing", "to": "payments", "optional": False} in data["edges"]
    assert {"from": "billing", "to": "reports", "optional": True} in data["edges"]


def test_validate_accepts_a_valid_tree(shop: str) -> None:
    result = run("validate", "--modules", shop)
    assert result.exit_code == 0
    assert "✓ 6 modules" in result.stdout


@pytest.mark.parametrize(
    ("scenario", "messages"),
    [
        pytest.param("cycle", ["dependency cycle: alpha -> beta -> gamma -> alpha"], id="cycle"),
        pytest.param(
            "unknown-dependency",
            [
                "module 'billing': field 'requires' names unknown module 'paymnts'; "
                "did you mean 'payments'?"
            ],
            id="unknown",
        ),
        pytest.param(
            "tier-violation",
            ["module 'core': field 'requires' = 'analytics': a core module may only require core"],
            id="tier",
        ),
        pytest.param(
            "version-conflict",
            ["module 'billing': field 'requires' = 'payments>=2.0' is not met by version '1.3.0'"],
            id="version",
        ),
        pytest.param(
            "broken-definitions",
            [
                "9 problems in the module tree",
                "SyntaxError",
                "No module named 'no_such_package_xyz'",
                "exports no ModuleDefinition",
                "exports 2 module definitions",
                "field 'version' = 1",
                "must equal the folder name 'misnamed'",
                "module folder has no definition.py",
                "names unknown module 'missing-one'",
            ],
            id="everything-at-once",
        ),
    ],
)
def test_an_invalid_tree_exits_1_listing_every_problem(
    assets: Path, scenario: str, messages: list[str]
) -> None:
    for command in ("validate", "list", "graph"):
        result = run(command, "--modules", str(assets / scenario / "modules"))
        assert result.exit_code == 1
        assert result.stdout == ""
        for message in messages:
            assert message in result.stderr


def test_validate_json_reports_problems_as_data(assets: Path) -> None:
    result = run("validate", "--json", "--modules", str(assets / "cycle/modules"))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    [problem] = report["problems"]
    assert problem["kind"] == "DependencyCycleError"
    assert problem["path"] == ["alpha", "beta", "gamma", "alpha"]
    assert problem["module"] == "alpha"


def test_the_modules_folder_comes_from_env_then_pyproject_then_default(
    assets: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shop: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert "app/modules" in run("validate").stderr  # the default, absent here
    (tmp_path / "pyproject.toml").write_text(f'[tool.modstack]\nmodules = "{shop}"\n')
    assert "✓ 6 modules" in run("validate").stdout
    cycle = str(assets / "cycle/modules")
    assert "dependency cycle" in run("validate", env={"MODSTACK_MODULES": cycle}).stderr
    assert "(from MODSTACK_MODULES)" in run("validate", env={"MODSTACK_MODULES": cycle}).stderr


def test_pyproject_is_found_from_a_subfolder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shop: str
) -> None:
    (tmp_path / "pyproject.toml").write_text(f'[tool.modstack]\nmodules = "{shop}"\n')
    (tmp_path / "src/deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "src/deep")
    assert "✓ 6 modules" in run("validate").stdout


def test_the_command_runs_as_a_program(shop: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "modstack", "validate", "--modules", shop, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout) == {"valid": True, "modules": shop, "count": 6}
