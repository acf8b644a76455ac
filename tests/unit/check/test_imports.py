"""Import boundaries on trees written by each test: every way Python names another
module is resolved, and only the imports that cross a boundary are reported."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modstack.check import CheckConfig, CheckConfigError, check_tree, load_config
from modstack.cli.tree import load_tree
from tests.unit.check.conftest import run_check


def _tree(root: Path, billing_files: dict[str, str], **billing: str) -> Path:
    modules = root / "app/modules"
    for code in ("payments", "billing"):
        (modules / code / "services").mkdir(parents=True)
        (modules / code / "exceptions.py").write_text("class Failed(Exception): ...\n")
        (modules / code / "locales").mkdir()
        (modules / code / "locales/en.json").write_text("{}")
    for folder in (root / "app", modules, modules / "payments", modules / "billing"):
        (folder / "__init__.py").write_text("")
    (modules / "payments/services/__init__.py").write_text("class Charge: ...\n")
    (modules / "payments/models.py").write_text("class Payment: ...\n")
    (modules / "payments/definition.py").write_text(
        "from modstack import ModuleDefinition\nm = ModuleDefinition(code='payments')\n"
    )
    extra = "".join(f", {key}={value}" for key, value in billing.items())
    (modules / "billing/definition.py").write_text(
        f"from modstack import ModuleDefinition\nm = ModuleDefinition(code='billing'{extra})\n"
    )
    (modules / "billing/services/__init__.py").write_text("class Invoices: ...\n")
    for name, text in billing_files.items():
        (modules / "billing" / name).parent.mkdir(parents=True, exist_ok=True)
        (modules / "billing" / name).write_text(text)
    return modules


def _rules(modules: Path, config: CheckConfig | None = None) -> list[tuple[str, int | None]]:
    tree = load_tree(str(modules), entry_points=False)
    report = check_tree(tree.path, tree.registry, tree.problems, config=config)
    return [(f.rule, f.line) for f in report.findings]


@pytest.mark.parametrize(
    ("source", "requires", "expected"),
    [
        pytest.param("from ...payments.services import Charge\n", "[]", [("IMP-001", 1)],
                     id="relative-undeclared"),
        pytest.param("from ...payments.services import Charge\n", "['payments']", [],
                     id="relative-required-public"),
        pytest.param("import app.modules.payments.models\n", "['payments']", [("IMP-002", 1)],
                     id="absolute-private"),
        pytest.param("from app.modules import payments\n", "['payments']", [("IMP-002", 1)],
                     id="the-package-itself"),
        pytest.param("from ... import payments\n", "['payments']", [("IMP-002", 1)],
                     id="relative-package"),
        pytest.param("from app.modules.payments import services\n", "['payments']", [],
                     id="public-part-by-name"),
        pytest.param("def f():\n    from app.modules.payments.models import Payment\n", "[]",
                     [("IMP-001", 2)], id="inside-a-function"),
        pytest.param("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                     "    from app.modules.payments.models import Payment\n", "['payments']",
                     [("IMP-002", 3)], id="type-checking-block"),
        pytest.param("from app.modules.payments.services import Charge\n", "[]",
                     [("IMP-001", 1)], id="optional-missing"),
        pytest.param("from .. import exceptions\nfrom app.db import Base\nimport os\n", "[]", [],
                     id="own-module-and-the-app"),
    ],
)  # fmt: skip
def test_imports_between_modules(
    tmp_path: Path, source: str, requires: str, expected: list[tuple[str, int]]
) -> None:
    modules = _tree(tmp_path, {"services/logic.py": source}, requires=requires)
    assert _rules(modules) == expected


def test_optional_requires_allows_the_import(tmp_path: Path) -> None:
    source = "from app.modules.payments.services import Charge\n"
    modules = _tree(tmp_path, {"services/logic.py": source}, optional_requires="['payments']")
    assert _rules(modules) == []


def test_public_parts_per_module_from_configuration(tmp_path: Path) -> None:
    source = "from app.modules.payments.models import Payment\n"
    modules = _tree(tmp_path, {"services/logic.py": source}, requires="['payments']")
    assert _rules(modules) == [("IMP-002", 1)]
    config = CheckConfig(public_parts={"payments": ("services", "models")})
    assert _rules(modules, config) == []


def test_validate_no_longer_claims_every_rule() -> None:
    from click.testing import CliRunner

    from modstack.cli import cli

    text = CliRunner().invoke(cli, ["validate", "--help"]).output
    assert "every rule" not in text
    assert "modstack check" in text
    assert run_check("--help").exit_code == 0


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6,
)  # fmt: skip
_KEYS = st.sampled_from(
    ["legacy-routes", "legacy_tasks", "public", "languages", "ignore", "public-parts",
     "per_module_ignores", "unknown", "root"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=4))
def test_any_configuration_loads_or_is_refused_by_name(table: dict[str, object]) -> None:
    import tempfile

    def toml(value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str):
            return '"' + value.encode("unicode_escape").decode().replace('"', '\\"') + '"'
        if isinstance(value, list):
            return "[" + ", ".join(toml(v) for v in value if v is not None) + "]"
        if isinstance(value, dict):
            items = (f"{toml(k)} = {toml(v)}" for k, v in value.items() if v is not None)
            return "{" + ", ".join(items) + "}"
        return '""'

    body = "\n".join(f"{k} = {toml(v)}" for k, v in table.items() if v is not None)
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "pyproject.toml"
        file.write_text(f"[tool.modstack.check]\n{body}\n", encoding="utf-8")
        try:
            tomllib.loads(file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError:
            with pytest.raises(CheckConfigError):
                load_config(file)
            return
        refused: CheckConfigError | None = None
        try:
            config = load_config(file)
        except CheckConfigError as error:
            refused = error
        if refused is not None:
            assert refused.file == str(file)
        else:
            assert isinstance(config.public, tuple)
