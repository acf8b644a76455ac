"""``ModuleDefinition`` has a closed signature: a misspelt keyword fails ``mypy --strict``
and, at run time, is a DefinitionError suggesting the keyword meant. (Before,
``**seed_paths: Any`` let ``ModuleDefinition("billing", requries=[...])`` type-check.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mypy import api as mypy_api

from modstack import ModuleDefinition
from modstack.definition import KEYWORDS
from modstack.errors import DefinitionError


def test_a_misspelt_keyword_names_the_module_the_field_and_the_right_keyword() -> None:
    with pytest.raises(DefinitionError, match="did you mean 'requires'") as raised:
        ModuleDefinition("billing", requries=["payments"])  # type: ignore[call-arg]
    assert (raised.value.module, raised.value.field) == ("billing", "requries")
    with pytest.raises(DefinitionError, match="did you mean 'templates_path'"):
        ModuleDefinition("billing", template_path="views")  # type: ignore[call-arg]


def test_the_seeds_path_keywords_are_still_accepted() -> None:
    billing = ModuleDefinition("billing", services_path="app.modules.billing.logic",
                               is_self_contained=True)  # fmt: skip
    assert billing.paths.services == "logic"


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=20))
def test_no_unknown_keyword_is_ever_accepted(name: str) -> None:
    if name in KEYWORDS or name in ("self", "code"):
        return
    with pytest.raises(DefinitionError, match="unknown field"):
        ModuleDefinition("billing", **{name: "x"})


def test_mypy_refuses_a_misspelt_keyword(tmp_path: Path) -> None:
    file = tmp_path / "definition.py"
    file.write_text(
        'from modstack import ModuleDefinition\n\nModuleDefinition("billing", requries=["x"])\n'
    )
    out, _, status = mypy_api.run(["--strict", "--no-incremental", str(file)])
    assert status == 1
    assert 'Unexpected keyword argument "requries"' in out
