"""Discovery in a child process: what comes back is what in-process discovery finds."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modstack.discovery import scan, scan_folder
from modstack.discovery_isolated import TIMEOUT_VARIABLE, import_timeout, scan_isolated
from modstack.kernel.hooks import resolve_hook


def test_a_valid_tree_comes_back_equal_to_in_process_discovery(assets: Path) -> None:
    root = assets / "valid-shop/modules"
    isolated = scan_isolated(root)
    assert isolated.problems == ()
    assert isolated.definitions == scan_folder(root).definitions


def test_every_problem_comes_back_with_its_kind_message_and_culprit(assets: Path) -> None:
    root = assets / "broken-definitions/modules"
    isolated, here = scan_isolated(root), scan_folder(root)
    assert isolated.definitions == here.definitions
    assert [(type(p), str(p)) for p in isolated.problems] == [
        (type(p), str(p)) for p in here.problems
    ]
    assert [vars(p) for p in isolated.problems] == [vars(p) for p in here.problems]


def test_a_callable_hook_comes_back_as_a_reference_that_resolves_to_it(tmp_path: Path) -> None:
    (tmp_path / "hooked").mkdir()
    (tmp_path / "hooked/definition.py").write_text(
        textwrap.dedent(
            """
            from modstack import ModuleDefinition

            def enabled(tenant):
                return ("enabled", tenant)

            def placed(event):
                return ("placed", event)

            hooked = ModuleDefinition(
                "hooked",
                on_enable=enabled,
                on_startup=".hooks:start",
                subscriptions={"order.placed": [placed, "x.handlers:placed"]},
            )
            """
        )
    )
    [definition] = scan_isolated(tmp_path).definitions
    assert definition.on_enable == f"{definition.import_name}:enabled"
    assert definition.on_startup == ".hooks:start"
    assert definition.subscriptions == {
        "order.placed": (f"{definition.import_name}:placed", "x.handlers:placed")
    }
    assert resolve_hook(definition, definition.on_enable)("acme") == ("enabled", "acme")
    handler = definition.subscriptions["order.placed"][0]
    assert resolve_hook(definition, handler)("e") == ("placed", "e")


def test_a_class_style_module_comes_back_without_its_class(assets: Path) -> None:
    here = scan(assets / "kernel-app/modules")
    isolated = scan_isolated(assets / "kernel-app/modules")
    [wallet] = [d for d in isolated.definitions if d.code == "wallet"]
    [original] = [d for d in here.definitions if d.code == "wallet"]
    assert original.implementation is not None
    assert wallet.implementation is None
    assert (wallet.version, wallet.requires, wallet.source) == (
        original.version,
        original.requires,
        original.source,
    )


def test_a_missing_modules_folder_is_reported_as_in_process(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert [str(p) for p in scan_isolated(missing).problems] == [
        str(p) for p in scan_folder(missing).problems
    ]


def test_the_time_limit_comes_from_the_argument_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(TIMEOUT_VARIABLE, raising=False)
    assert import_timeout() == 30.0
    monkeypatch.setenv(TIMEOUT_VARIABLE, " 4.5 ")
    assert import_timeout() == 4.5
    assert import_timeout(2) == 2
    with pytest.raises(ValueError, match="timeout: the import time limit must be a positive"):
        import_timeout(0)


def test_a_value_json_cannot_carry_is_shown_as_in_process(tmp_path: Path) -> None:
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd/definition.py").write_text(
        "from modstack import ModuleDefinition\n"
        "odd = ModuleDefinition('odd', version=(1, 2), description=complex(1, 2))\n"
    )
    isolated, here = scan_isolated(tmp_path), scan_folder(tmp_path)
    assert [str(p) for p in isolated.problems] == [str(p) for p in here.problems]
    assert [repr(getattr(p, "value", None)) for p in isolated.problems] == ["(1+2j)", "(1, 2)"]


ENV_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\0"), max_size=12)


@settings(max_examples=200, deadline=None)
@given(ENV_TEXT | st.floats().map(str))
def test_any_value_of_the_variable_is_a_positive_limit_or_an_error_naming_it(text: str) -> None:
    try:
        written = float(text.strip())
    except ValueError:
        written = float("nan")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(TIMEOUT_VARIABLE, text)
        if not text.strip():
            assert import_timeout() == 30.0
        elif 0 < written < float("inf"):
            assert import_timeout() == written
        else:
            with pytest.raises(ValueError, match=re.escape(f"{TIMEOUT_VARIABLE}=")):
                import_timeout()
