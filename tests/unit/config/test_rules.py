"""The seed's validation rules, one by one."""

from __future__ import annotations

from typing import Any

import pytest

from modstack.config import rule


@pytest.mark.parametrize(
    ("options", "value", "problems"),
    [
        pytest.param({"required": True}, "", ["is required"], id="required-empty"),
        pytest.param({"required": True}, None, ["is required"], id="required-none"),
        pytest.param({}, None, [], id="optional-none"),
        pytest.param({"type": int}, "3", ["must be a int, got str"], id="type"),
        pytest.param({"min_length": 3}, "ab", ["must be at least 3 long"], id="min-length"),
        pytest.param({"max_length": 3}, "abcd", ["must be at most 3 long"], id="max-length"),
        pytest.param({"min_value": 1}, 0, ["must be at least 1"], id="min-value"),
        pytest.param({"max_value": 10}, 11, ["must be at most 10"], id="max-value"),
        pytest.param(
            {"choices": ["EUR", "USD"]}, "GBP", ["must be one of 'EUR', 'USD'"], id="choices"
        ),
        pytest.param({"type": str, "min_length": 2, "choices": ["EUR"]}, "EUR", [], id="passes"),
    ],
)
def test_each_rule_names_what_is_wrong(
    options: dict[str, Any], value: Any, problems: list[str]
) -> None:
    assert rule(**options).problems(value) == problems
