"""Graph rules over several requirements of one module: each is checked, none is skipped
because an earlier one was absent or broken (docs/testing.md lists the mutants these
tests were written against)."""

from __future__ import annotations

from typing import Any

import pytest

import modstack
from modstack import ModuleDefinition, ModuleTreeError, UnknownDependencyError, VersionConflictError


def m(code: str, *requires: str, **fields: Any) -> ModuleDefinition:
    return ModuleDefinition(code, requires=list(requires), source=f"/src/{code}.py", **fields)


def test_an_absent_optional_requirement_does_not_hide_the_next_one() -> None:
    # shop loads after zebra (present) even though the one written first is absent; without
    # the edge, shop would sort first by code.
    registry = modstack.resolve([m("zebra"), m("shop", optional_requires=["ghost", "zebra"])])
    assert registry.order == ("zebra", "shop")
    assert registry.load_after("shop") == ("zebra",)


def test_an_absent_optional_requirement_does_not_hide_a_later_conflict() -> None:
    with pytest.raises(ModuleTreeError) as caught:
        modstack.resolve(
            [m("zebra", version="0.5.0"), m("shop", optional_requires=["ghost", "zebra>=1"])]
        )
    [problem] = caught.value.problems
    assert isinstance(problem, VersionConflictError)
    assert str(problem) == (
        "module 'shop': field 'optional_requires' = 'zebra>=1' is not met by version '0.5.0' "
        "from /src/zebra.py (in /src/shop.py)"
    )


def test_a_met_range_on_an_optional_requirement_resolves() -> None:
    registry = modstack.resolve(
        [m("analytics", version="1.4.0"), m("shop", optional_requires=["analytics>=1.2,<2"])]
    )
    assert registry.order == ("analytics", "shop")


def test_every_problem_in_one_modules_requirements_is_reported() -> None:
    with pytest.raises(ModuleTreeError, match="3 problems in the module tree") as caught:
        modstack.resolve(
            [m("payments", version="1.0.0"), m("shop", "ghost", "nope", "payments>=2")]
        )
    problems = caught.value.problems
    assert [(type(p), p.module) for p in problems] == [
        (UnknownDependencyError, "shop"),
        (UnknownDependencyError, "shop"),
        (VersionConflictError, "shop"),
    ]
    assert [getattr(p, "dependency", None) for p in problems[:2]] == ["ghost", "nope"]
