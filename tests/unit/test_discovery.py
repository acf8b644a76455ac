"""Discovery: folders, packages of class-style modules, installed distributions."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import modstack
from modstack import (
    BaseModule,
    DefinitionError,
    DiscoveryError,
    ModuleDefinition,
    ModuleTreeError,
    Tier,
)
from modstack.discovery import scan_entry_points, scan_folder, scan_package


def codes(definitions: tuple[ModuleDefinition, ...]) -> list[str]:
    return sorted(d.code for d in definitions)


def test_a_folder_tree_yields_one_definition_per_module_folder(assets: Path) -> None:
    found = modstack.discover(assets / "valid-shop/modules")
    assert codes(found) == ["accounts", "admin-tools", "billing", "core", "payments", "reports"]
    billing = next(d for d in found if d.code == "billing")
    assert billing.source == str(assets / "valid-shop/modules/billing/definition.py")
    assert billing.root == assets / "valid-shop/modules/billing"


def test_discovery_imports_definitions_and_nothing_else(assets: Path) -> None:
    # billing's routes/ and services/ raise when imported; discovery must not touch them.
    found = modstack.discover(assets / "valid-shop/modules")
    tree = (found[0].package or "").rsplit(".", 1)[0]
    loaded = [name for name in sys.modules if name.startswith(tree + ".")]
    assert loaded
    assert all(name.endswith(".definition") for name in loaded), loaded


def test_the_folder_may_spell_a_hyphenated_code_with_underscores(assets: Path) -> None:
    found = modstack.discover(assets / "valid-shop/modules")
    admin = next(d for d in found if d.code == "admin-tools")
    assert admin.root is not None
    assert admin.root.name == "admin_tools"


def test_every_problem_in_a_tree_is_reported_in_one_run(assets: Path) -> None:
    root = assets / "broken-definitions/modules"
    found = scan_folder(root)
    assert codes(found.definitions) == ["fine"]
    report = "\n".join(str(p) for p in found.problems)
    expected = [
        f"SyntaxError: '(' was never closed (in {root}/syntax_error/definition.py:3)",
        "ModuleNotFoundError: No module named 'no_such_package_xyz' "
        f"(in {root}/import_error/definition.py:3)",
        f"exports no ModuleDefinition (nor a class-style module); define exactly one "
        f"(in {root}/empty/definition.py)",
        f"exports 2 module definitions ('twins', 'twins-b'); a file defines exactly one "
        f"(in {root}/twins/definition.py)",
        f"module 'wrong_types': field 'version' = 1: expected a string such as '1.0.0', got int "
        f"(in {root}/wrong_types/definition.py:3)",
        "module 'wrong_types': field 'requires' = 'core': expected a list of strings",
        "module 'other-name': field 'code' = 'other-name': must equal the folder name 'misnamed'",
        f"module folder has no definition.py; add one that exports a ModuleDefinition, or move "
        f"the folder out of the modules root (in {root}/loose)",
    ]
    for line in expected:
        assert line in report
    assert len(found.problems) == len(expected)


def test_discover_raises_one_error_holding_every_problem(assets: Path) -> None:
    with pytest.raises(ModuleTreeError, match="8 problems in the module tree") as caught:
        modstack.discover(assets / "broken-definitions/modules")
    kinds = {type(p) for p in caught.value.problems}
    assert kinds == {DiscoveryError, DefinitionError}


def test_a_missing_modules_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    found = scan_folder(tmp_path / "nowhere")
    assert [str(p) for p in found.problems] == [
        f"modules folder not found (in {tmp_path / 'nowhere'})"
    ]


def test_rediscovery_sees_edits(tmp_path: Path) -> None:
    module = tmp_path / "billing"
    module.mkdir()
    definition = module / "definition.py"
    definition.write_text(
        'from modstack import ModuleDefinition\nm = ModuleDefinition("billing")\n'
    )
    assert modstack.discover(tmp_path)[0].version == "1.0.0"
    definition.write_text(
        'from modstack import ModuleDefinition\nm = ModuleDefinition("billing", version="1.1.0")\n'
    )
    assert modstack.discover(tmp_path)[0].version == "1.1.0"


def test_a_definition_imported_from_a_sibling_is_not_counted_twice(tmp_path: Path) -> None:
    for code in ("payments", "billing"):
        (tmp_path / code).mkdir()
    (tmp_path / "payments/definition.py").write_text(
        'from modstack import ModuleDefinition\npayments = ModuleDefinition("payments")\n'
    )
    (tmp_path / "billing/definition.py").write_text(
        textwrap.dedent(
            """
            from modstack import ModuleDefinition
            from ..payments.definition import payments

            billing = ModuleDefinition("billing", requires=[payments.code])
            """
        )
    )
    assert codes(modstack.discover(tmp_path)) == ["billing", "payments"]


# -- the Django and Flask seeds' styles ---------------------------------------------------


def test_django_style_decorated_classes_in_module_folders(assets: Path) -> None:
    found = {d.code: d for d in modstack.discover(assets / "django-style/modules")}
    wallets = found["wallets"]
    assert wallets.version == "1.1.0"
    assert wallets.description == "Credit balances."
    assert [str(r) for r in wallets.requires] == ["accounts"]
    assert [str(r) for r in wallets.optional_requires] == ["notifications"]
    assert wallets.implementation is not None
    assert wallets.implementation.__name__ == "WalletsModule"
    # @dependency above @module works as well as below it.
    assert [str(r) for r in found["accounts"].optional_requires] == ["audit"]


def test_django_style_classes_found_in_a_package(
    assets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(assets / "django-style"))
    found = {d.code: d for d in modstack.discover(packages=["shop_modules"])}
    assert sorted(found) == ["design_system", "security"]
    assert [str(r) for r in found["security"].requires] == ["design_system"]
    assert [str(r) for r in found["security"].optional_requires] == ["marketplace"]


def test_flask_style_base_module_subclasses_found_in_a_package(
    assets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(assets / "flask-style"))
    registry = modstack.resolve(modstack.discover(packages=["credit_modules"]))
    assert registry.get_module_load_order() == [
        "connection_api",
        "user_management",
        "wallet_module",
        "transactions_module",
    ]
    wallet = registry.get("wallet_module")
    assert wallet.description == "The wallet module."
    assert wallet.implementation is not None
    instance = wallet.implementation()
    assert isinstance(instance, BaseModule)
    assert instance.health_check() == {"status": "healthy", "module": "wallet_module"}


def test_a_broken_package_reports_each_module(
    assets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(assets / "flask-style"))
    found = scan_package("broken_modules")
    messages = sorted(str(p) for p in found.problems)
    assert (
        "ImportError: database driver missing (in module 'broken_modules.crashes')" in messages[0]
    )
    assert "field 'code' = 'Not A Slug'" in messages[1]
    assert "broken_modules/bad.py" in messages[1]
    assert "in package 'nothing_here_xyz'" in str(scan_package("nothing_here_xyz").problems[0])


def test_base_module_defaults_let_a_subclass_override_only_what_it_needs() -> None:
    class Quiet(BaseModule):
        NAME = "quiet"

    quiet = Quiet()
    assert quiet.initialize() is True
    assert quiet.cleanup() is True
    assert quiet.register_routes(object()) is None
    assert modstack.compat.definition_from_class(Quiet).tier is Tier.OPTIONAL


# -- installed distributions ---------------------------------------------------------------


def _install_distribution(site: Path, dist: str, entry_points: str, files: dict[str, str]) -> None:
    """Write a real installed distribution (a .dist-info folder) into ``site``."""
    info = site / f"{dist}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[modstack.modules]\n{entry_points}\n")
    for relative, text in files.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text))


def test_installed_distributions_expose_modules_by_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_distribution(
        tmp_path,
        "acme_loyalty",
        "loyalty = acme_loyalty.definition:loyalty\nrewards = acme_loyalty.rewards",
        {
            "acme_loyalty/__init__.py": "",
            "acme_loyalty/definition.py": """
                from modstack import ModuleDefinition
                loyalty = ModuleDefinition("loyalty", version="2.1.0")
            """,
            "acme_loyalty/rewards.py": """
                from modstack import ModuleDefinition
                rewards = ModuleDefinition("rewards", requires=["loyalty>=2"])
            """,
        },
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    found = modstack.discover(entry_points=True, group="modstack.modules")
    assert codes(found) == ["loyalty", "rewards"]
    assert codes(modstack.resolve(found).by_tier("optional")) == ["loyalty", "rewards"]


def test_an_entry_point_listed_twice_counts_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Editable installs can put the same distribution on sys.path twice.
    files = {
        "acme_twice/__init__.py": "",
        "acme_twice/definition.py": """
            from modstack import ModuleDefinition
            twice = ModuleDefinition("twice")
        """,
    }
    for copy in ("a", "b"):
        _install_distribution(
            tmp_path / copy, "acme_twice", "twice = acme_twice.definition:twice", files
        )
        monkeypatch.syspath_prepend(str(tmp_path / copy))
    assert codes(modstack.discover(entry_points=True)) == ["twice"]


def test_broken_entry_points_are_reported_with_their_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install_distribution(
        tmp_path,
        "acme_broken",
        "gone = acme_missing_pkg.definition:x\nnumber = acme_broken:VALUE\nempty = acme_broken",
        {"acme_broken/__init__.py": "VALUE = 3\n"},
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    by_name = {p.source.split("'")[1]: str(p) for p in scan_entry_points().problems}  # type: ignore[attr-defined]
    assert sorted(by_name) == ["empty", "gone", "number"]
    assert "the module it names defines 0 modules; expected exactly one" in by_name["empty"]
    assert "ModuleNotFoundError: No module named 'acme_missing_pkg'" in by_name["gone"]
    assert "names a int; expected a ModuleDefinition or module class" in by_name["number"]
