"""``build_stack(module_configs=...)``: module settings given in code (the Django seed's
``MODULE_CONFIGS``) rank above the environment and below values set at run time; they
are checked, all at once, before the database is opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import modstack
from modstack.config import ModuleConfigs
from modstack.config.explicit import settings_class_from
from modstack.errors import ModuleConfigsError
from modstack.settings import ModstackSettings
from modstack.stack import build_stack

TREE = "tests/assets/config-app/modules"


def _settings(tmp_path: Path) -> ModstackSettings:
    return ModstackSettings(modules=TREE, database_url=f"sqlite:///{tmp_path / 'app.db'}")


def test_module_configs_rank_above_the_environment_and_below_run_time_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MARKETPLACE_BATCH_SIZE", "7")
    monkeypatch.setenv("MARKETPLACE_API_TIMEOUT", "9")
    configs = {"billing": {"currency": "EUR"}, "marketplace": {"batch_size": 5}}
    stack = build_stack(_settings(tmp_path), module_configs=configs)
    try:
        manager = stack.settings_manager
        config = manager.get_module_config("marketplace")
        assert (config.batch_size, config.api_timeout) == (5, 9)
        assert manager.sourced("marketplace")["batch_size"].source == (
            'module_configs["marketplace"]["batch_size"]'
        )
        assert manager.validate_settings() == []  # billing's required currency is given
        manager.set_setting("marketplace", "batch_size", 50, actor="alice")
        assert manager.get_module_config("marketplace").batch_size == 50
    finally:
        stack.close()


def test_bad_module_configs_are_refused_before_the_database_is_opened(tmp_path: Path) -> None:
    configs = ModuleConfigs({"marketplace": {"api_timeout": -1}}, origin="MODULE_CONFIGS")
    with pytest.raises(ModuleConfigsError, match=r"Input should be greater than 0 \(got -1\)"):
        build_stack(_settings(tmp_path), module_configs=configs)
    assert not (tmp_path / "app.db").exists()


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
CODES = st.sampled_from(["billing", "marketplace", "core", "ghost", ""]) | st.text(max_size=8)
FIELDS = st.sampled_from(["currency", "api_timeout", "tags", "api_key", "model_config", "_x"])


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(CODES, st.dictionaries(FIELDS, JSONISH, max_size=3) | JSONISH, max_size=3)
    | JSONISH
)
def test_any_module_configs_are_accepted_or_refused_with_a_module_configs_error(
    values: Any,
) -> None:
    registry = modstack.resolve(modstack.discover(TREE))
    problems: tuple[str, ...] = ()
    checked: dict[str, dict[str, Any]] = {}
    try:
        checked = ModuleConfigs(values, origin="MODULE_CONFIGS").checked(registry)
    except ModuleConfigsError as error:
        problems = error.problems
    if problems:
        assert all(problem.startswith("MODULE_CONFIGS") for problem in problems)
    else:
        assert set(checked) <= set(registry.modules)
        if "core" in checked:  # no config.py: a settings class typed by the values
            assert settings_class_from("core", checked["core"]).model_fields.keys() == (
                checked["core"].keys()
            )
