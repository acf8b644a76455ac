"""Each rule fires on a tree that breaks it, and on nothing else; the clean trees of
every declaration style, the marketplace included, have no findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from modstack.check import RULES, Severity
from tests.unit.check.conftest import findings_of, modules_of, run_check

MARKETPLACE = Path(__file__).parents[3] / "examples/marketplace/app/modules"

# scenario -> the (rule, module, file name) of every finding it must produce, nothing more
BROKEN = {
    "check-mod001-no-package-marker": {("MOD-001", "billing", "billing")},
    "check-mod001-self-contained-missing-folders": {("MOD-001", "billing", "definition.py")},
    "check-mod002-services-reexport": {("MOD-002", "billing", "__init__.py")},
    "check-mod003-schemas-reexport": {("MOD-003", "billing", "__init__.py")},
    "check-mod004-route-legacy-import": {("MOD-004", "billing", "vendor.py")},
    "check-mod005-pages-without-templates": {("MOD-005", "billing", "vendor.py")},
    "check-mod005-static-missing": {("MOD-005", "billing", "invoices.html")},
    "check-mod006-no-locales": {("MOD-006", "payments", "definition.py")},
    "check-mod007-path-nowhere": {("MOD-007", "billing", "definition.py")},
    "check-mod007-seed-path-missing": {("MOD-007", "billing", "definition.py")},
    "check-mod008-no-exceptions": {("MOD-008", "payments", "definition.py")},
    "check-mod009-no-definition": {("MOD-009", None, "reports")},
    "check-mod010-route-without-router": {("MOD-010", "billing", "vendor.py")},
    "check-mod011-tasks-without-init": {("MOD-011", "billing", "tasks")},
    "check-mod012-missing-language": {("MOD-012", "payments", "locales")},
    "check-mod013-config-without-export": {("MOD-013", "billing", "config.py")},
    "check-mod014-misnamed-migration": {("MOD-014", "billing", "001_invoices.py")},
    "check-mod015-migrations-without-init": {("MOD-015", "billing", "versions")},
    "check-mod016-legacy-routes": {("MOD-016", None, "vendor.py")},
    "check-mod017-legacy-services": {("MOD-017", None, "billing_service.py")},
    "check-mod018-legacy-tasks": {("MOD-018", None, "reminders.py")},
    "check-mod019-legacy-schemas": {("MOD-019", None, "invoice.py")},
    "check-imp001-undeclared-import": {("IMP-001", "billing", "__init__.py")},
    "check-imp002-private-part": {("IMP-002", "billing", "__init__.py")},
    "check-class-style-broken": {
        ("IMP-002", "wallets", "logic.py"),
        ("MOD-011", "wallets", "tasks"),
    },
    "check-django-app-broken": {
        ("MOD-010", "shop", "urls.py"),
        ("MOD-014", "shop", "initial_products.py"),
    },
}
CLEAN = [
    "check-clean",
    "check-class-style",
    "check-django-app",
    "check-imp002-public-by-config",
    "check-namespace-packages",
]


@pytest.mark.parametrize(("scenario", "expected"), list(BROKEN.items()), ids=list(BROKEN))
def test_a_broken_tree_gets_exactly_its_findings(scenario: str, expected: set[object]) -> None:
    report = findings_of(scenario, "--fail-on", "info")
    found = {(f["rule"], f["module"], Path(f["path"]).name) for f in report["findings"]}
    assert found == expected
    for finding in report["findings"]:
        assert finding["severity"] == RULES[finding["rule"]].severity.label
        assert finding["message"]
        assert finding["fix"]


@pytest.mark.parametrize("scenario", CLEAN)
def test_a_clean_tree_has_no_findings(scenario: str) -> None:
    report = findings_of(scenario, "--fail-on", "info")
    assert report["findings"] == []
    assert report["checked"] >= 1


def test_every_rule_of_the_seed_is_tested_by_a_tree() -> None:
    seed_rules = {f"MOD-{n:03}" for n in range(1, 20)}
    assert seed_rules <= set(RULES)
    tested = {rule for found in BROKEN.values() for rule, _, _ in found}
    assert {*seed_rules, "IMP-001", "IMP-002"} <= tested


def test_the_marketplace_passes_with_zero_findings() -> None:
    result = run_check("--modules", str(MARKETPLACE), "--fail-on", "info")
    assert result.exit_code == 0, result.output
    assert "16 modules at" in result.stdout
    assert "no findings" in result.stdout


def test_a_class_style_module_gets_no_folder_obligations() -> None:
    # check-class-style has no __init__.py, exceptions.py nor locales: those are the
    # Wizamart seed's self-contained obligations, not the Flask or Django seeds'.
    report = findings_of("check-class-style", "--fail-on", "info")
    assert report["findings"] == []
    assert not (Path(modules_of("check-class-style")) / "wallets/exceptions.py").exists()


def test_a_broken_definition_does_not_hide_the_other_modules_findings() -> None:
    report = findings_of("check-broken-definition")
    rules = {(f["rule"], f["module"]) for f in report["findings"]}
    assert ("MOD-008", "payments") in rules
    tree = [f for f in report["findings"] if f["rule"] == "TREE-001"]
    assert len(tree) == 1
    assert "reports is not ready" in tree[0]["message"]
    assert tree[0]["line"] == 1


def test_import_findings_carry_the_import_chain() -> None:
    report = findings_of("check-imp002-private-part")
    (finding,) = report["findings"]
    assert finding["chain"] == [
        "app.modules.billing.services",
        "app.modules.payments.models.Payment",
    ]
    assert finding["line"] == 1


@pytest.mark.parametrize(
    ("fail_on", "scenario", "code"),
    [
        pytest.param("error", "check-mod008-no-exceptions", 0, id="warning-under-error"),
        pytest.param("warning", "check-mod008-no-exceptions", 1, id="warning-at-warning"),
        pytest.param("warning", "check-mod012-missing-language", 0, id="info-under-warning"),
        pytest.param("info", "check-mod012-missing-language", 1, id="info-at-info"),
        pytest.param("error", "check-imp001-undeclared-import", 1, id="error-at-error"),
        pytest.param("error", "check-clean", 0, id="clean"),
    ],
)
def test_fail_on_sets_the_exit_code(fail_on: str, scenario: str, code: int) -> None:
    result = run_check("--modules", modules_of(scenario), "--fail-on", fail_on)
    assert result.exit_code == code, result.output


def test_severity_order() -> None:
    assert Severity.INFO < Severity.WARNING < Severity.ERROR
