"""What ``modstack check`` prints: text, JSON, SARIF 2.1.0 (validated against the OASIS
schema), suppressed findings listed with what silenced them, configuration errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from modstack.check import CheckConfigError, load_config
from modstack.check.source import parse, top_level_names
from modstack.check.suppress import DIRECTIVE
from modstack.cli import cli
from tests.unit.check.conftest import ASSETS, findings_of, modules_of, run_check

SCHEMA = json.loads((ASSETS / "sarif/sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def test_validate_misses_what_check_finds_in_a_new_users_tree() -> None:
    # The tree: a route file without router, tasks/ without __init__.py, no
    # exceptions.py, a services_path pointing nowhere and a misnamed migration.
    modules = modules_of("check-new-user")
    valid = CliRunner().invoke(cli, ["validate", "--no-entry-points", "--modules", modules])
    assert valid.exit_code == 0
    result = run_check("--modules", modules, "--fail-on", "warning")
    assert result.exit_code == 1
    for rule in ("MOD-007", "MOD-008", "MOD-010", "MOD-011", "MOD-014"):
        assert rule in result.stdout
    assert "fix: " in result.stdout


def test_json_findings_have_every_field() -> None:
    report = findings_of("check-new-user")
    assert report["summary"] == {"info": 0, "warning": 4, "error": 1, "suppressed": 0}
    for finding in report["findings"]:
        assert set(finding) >= {"rule", "severity", "module", "path", "line", "message", "fix"}
        assert finding["module"] == "billing"
    routes = next(f for f in report["findings"] if f["rule"] == "MOD-010")
    assert routes["path"].endswith("billing/routes/api/vendor.py")
    assert "router = APIRouter()" in routes["fix"]


@pytest.mark.parametrize(
    "scenario", ["check-new-user", "check-suppressed", "check-imp002-private-part", "check-clean"]
)
def test_sarif_output_is_valid_sarif_2_1_0(scenario: str) -> None:
    result = run_check("--modules", modules_of(scenario), "--format", "sarif")
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA)
    (run,) = log["runs"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for item in run["results"]:
        assert rules[item["ruleIndex"]] == item["ruleId"]


def test_sarif_lists_suppressed_results_with_their_suppression() -> None:
    log = json.loads(
        run_check("--modules", modules_of("check-suppressed"), "--format", "sarif").stdout
    )
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    kinds = sorted(r["suppressions"][0]["kind"] for r in suppressed)
    assert kinds == ["external", "inSource", "inSource"]


def test_suppressed_findings_are_listed_not_hidden() -> None:
    report = findings_of("check-suppressed", "--fail-on", "info")
    assert report["findings"] == []
    by_rule = {s["rule"]: s["suppressed_by"] for s in report["suppressed"]}
    assert by_rule["MOD-008"].startswith("# modstack: ignore[MOD-008] at ")
    assert by_rule["IMP-001"].startswith("# modstack: ignore[IMP-001] at ")
    assert by_rule["MOD-012"].startswith("[tool.modstack.check.per_module_ignores] payments")
    text = run_check("--modules", modules_of("check-suppressed")).stdout
    assert "suppressed (3):" in text
    assert "(3 suppressed)" in text


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "check.sarif"
    result = run_check(
        "--modules", modules_of("check-clean"), "--format", "sarif", "--output", str(target)
    )
    assert result.exit_code == 0
    assert json.loads(target.read_text())["version"] == "2.1.0"


def _pyproject(tmp_path: Path, body: str) -> Path:
    file = tmp_path / "pyproject.toml"
    file.write_text(body, encoding="utf-8")
    return file


def test_configuration_sets_legacy_locations_and_languages(tmp_path: Path) -> None:
    config = load_config(
        _pyproject(
            tmp_path,
            """
[tool.modstack.check]
legacy-services = ["src/legacy/services"]
languages = ["en", "de", "fr"]
ignore = ["MOD-006"]
""",
        )
    )
    assert config.legacy_services == ("src/legacy/services",)
    assert config.legacy_routes == ("app/api/v1",)
    assert config.languages == ("en", "de", "fr")
    assert config.root == tmp_path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param('legacy_route = ["x"]', "unknown key", id="typo"),
        pytest.param('ignore = ["MOD-999"]', "no such rule", id="unknown-rule"),
        pytest.param("ignore = 'MOD-001'", "expected a list", id="not-a-list"),
        pytest.param("public_parts = 3", "expected a table", id="not-a-table"),
        pytest.param('per-module-ignores = {billing = ["NOPE"]}', "no such rule", id="module"),
    ],
)
def test_a_bad_configuration_is_refused_with_the_key_named(
    tmp_path: Path, body: str, message: str
) -> None:
    file = _pyproject(tmp_path, f"[tool.modstack.check]\n{body}\n")
    with pytest.raises(CheckConfigError, match=message) as error:
        load_config(file)
    assert str(file) in str(error.value)


def test_the_command_exits_2_on_a_bad_configuration(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[tool.modstack.check]\nignore = ["MOD-999"]\n')
    (tmp_path / "modules").mkdir()
    result = run_check("--modules", str(tmp_path / "modules"))
    assert result.exit_code == 2
    assert "no such rule" in result.stderr


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_the_static_reader_never_raises_on_any_source(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "x.py"
        file.write_text(text, encoding="utf-8", errors="surrogatepass")
        tree = parse(file)
        if tree is not None:
            top_level_names(tree)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_the_directive_parser_takes_any_comment(text: str) -> None:
    match = DIRECTIVE.search(f"x = 1  # modstack: ignore[{text}]")
    assert match is not None
