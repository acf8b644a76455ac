"""The Django seed's ``MODULE_CONFIGS`` in ``settings.py``: module settings above the
environment and below values set at run time, the same for the served app and every
``manage.py`` command; a typo or a value of the wrong type is an error naming
``settings.MODULE_CONFIGS["<module>"]["<field>"]``. Before, ``MODULE_CONFIGS`` was not
read at all."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client

from modstack.django.adapter import Modstack
from modstack.django.settings import module_configs_of
from modstack.errors import ModuleConfigsError
from tests.adapters.django.conftest import ADMIN_TOKEN, settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving
from tests.adapters.trees import tree_with_module

DEFINITION = (
    "from modstack import ModuleDefinition\n\n"
    'greeter = ModuleDefinition("greeter", on_startup=".hooks:start")\n'
)
CONFIG = """from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class GreeterConfig(BaseSettings):
    greeting: str = "hello"
    closing: str = "bye"
    count: int = Field(default=1, gt=0)
    api_key: SecretStr = SecretStr("dev-key")
"""
HOOKS = """import os
from pathlib import Path


def start(context):
    out = os.environ.get("GREETER_OUT")
    if out:
        with Path(out).open("a") as lines:
            config = context.config
            lines.write(f"{config.greeting} {config.closing} {config.count}\\n")
"""


def greeter_tree(root: Path) -> Path:
    """A modules folder with one module, ``greeter``, whose settings are typed."""
    folder = root / "modules" / "greeter"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "definition.py").write_text(DEFINITION)
    (folder / "config.py").write_text(CONFIG)
    (folder / "hooks.py").write_text(HOOKS)
    return root / "modules"


def project(tmp_path: Path, module_configs: Any, *, modules: Path | None = None) -> Modstack:
    """The ``Modstack`` a project whose settings.py says ``MODULE_CONFIGS = ...`` builds."""
    given = module_configs_of(SimpleNamespace(MODULE_CONFIGS=module_configs))
    tree = str(modules or greeter_tree(tmp_path))
    return Modstack(settings_for(tmp_path, modules=tree), module_configs=given)


def test_module_configs_are_the_modules_settings_above_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MODULE_GREETER_GREETING", "from-the-environment")
    monkeypatch.setenv("GREETER_CLOSING", "from-the-environment")
    configs = {"greeter": {"greeting": "from-settings", "count": 3}}
    with serving(project(tmp_path, configs)) as stack:
        config = stack.core.settings_manager.get_module_config("greeter")
        assert (config.greeting, config.closing, config.count) == (
            "from-settings",
            "from-the-environment",
            3,
        )
        exported = stack.core.settings_manager.export()["modules"]["greeter"]
        assert exported["greeting"]["source"] == 'settings.MODULE_CONFIGS["greeter"]["greeting"]'
        assert exported["closing"]["source"] == "env:GREETER_CLOSING"


def test_a_change_at_run_time_wins_over_module_configs(tmp_path: Path) -> None:
    configs = {"greeter": {"greeting": "from-settings"}}
    with serving(project(tmp_path, configs)) as stack:
        changed = Client().put(
            "/api/v1/admin/modstack/settings/greeter/greeting",
            json.dumps({"value": "from-the-admin-api", "reason": "test"}),
            "application/json",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        )
        assert changed.status_code == 200, changed.content
        manager = stack.core.settings_manager
        assert manager.get_module_config("greeter").greeting == "from-the-admin-api"
        assert manager.export()["modules"]["greeter"]["greeting"]["source"] == "database"


def test_a_module_without_config_py_gets_settings_typed_by_module_configs(
    tmp_path: Path,
) -> None:
    configs = {"design_system": {"theme_file": "themes/custom.json", "cache_timeout": 7200}}
    tree = tree_with_module(tmp_path, CONTRACT_TREE, "design_system", {})  # no config.py
    with serving(project(tmp_path, configs, modules=tree)) as stack:
        manager = stack.core.settings_manager
        assert manager.get_setting("cache_timeout", module_name="design_system") == 7200
        assert manager.get_module_config("design_system").theme_file == "themes/custom.json"
        refused = Client().put(
            "/api/v1/admin/modstack/settings/design_system/cache_timeout",
            json.dumps({"value": "soon"}),
            "application/json",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
        )
        assert refused.status_code == 422  # typed by the value MODULE_CONFIGS gave


@pytest.mark.parametrize(
    ("module_configs", "expected"),
    [
        pytest.param(
            [("greeter", {})],
            "settings.MODULE_CONFIGS: must be a dict of module codes to dicts",
            id="not-a-dict",
        ),
        pytest.param(
            {"greter": {"greeting": "hi"}},
            "settings.MODULE_CONFIGS[\"greter\"]: no module 'greter'; did you mean 'greeter'?",
            id="unknown-module",
        ),
        pytest.param(
            {"greeter": "hi"},
            "settings.MODULE_CONFIGS[\"greeter\"]: module 'greeter': must be a dict of its "
            "settings, not str",
            id="module-not-a-dict",
        ),
        pytest.param(
            {"greeter": {"greting": "hi"}},
            'settings.MODULE_CONFIGS["greeter"]["greting"]: module \'greeter\' has no setting '
            "'greting'; did you mean 'greeting'?",
            id="unknown-field",
        ),
        pytest.param(
            {"greeter": {"count": "many"}},
            "settings.MODULE_CONFIGS[\"greeter\"][\"count\"]: module 'greeter', field 'count': "
            "Input should be a valid integer, unable to parse string as an integer (got 'many')",
            id="wrong-type",
        ),
        pytest.param(
            {"greeter": {"count": 0}},
            "field 'count': Input should be greater than 0 (got 0)",
            id="field-constraint",
        ),
        pytest.param(
            {"greeter": {"api_key": 42}},
            "field 'api_key': Input should be a valid string (got a value of type int)",
            id="secret-not-shown",
        ),
    ],
)
def test_bad_module_configs_are_an_error_naming_where_they_were_written(
    tmp_path: Path, module_configs: Any, expected: str
) -> None:
    with pytest.raises(ModuleConfigsError) as raised:
        project(tmp_path, module_configs)
    assert expected in str(raised.value)
    assert "Traceback" not in str(raised.value)


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    configs = {"greeter": {"count": "many", "greting": "hi"}, "ghost": {}}
    with pytest.raises(ModuleConfigsError) as raised:
        project(tmp_path, configs)
    assert len(raised.value.problems) == 3
    assert str(raised.value).startswith("3 problems in settings.MODULE_CONFIGS:")
