"""The graph rules of DESIGN §3, each with the message a user reads."""

from __future__ import annotations

from pathlib import Path

import pytest

import modstack
from modstack import (
    DependencyCycleError,
    DuplicateModuleError,
    ModuleDefinition,
    ModuleNotFound,
    ModuleTreeError,
    TierViolationError,
    UnknownDependencyError,
    VersionConflictError,
)
from modstack.graph import check, has_circular_dependencies


def m(code: str, *requires: str, **fields: object) -> ModuleDefinition:
    return ModuleDefinition(code, requires=list(requires), source=f"/src/{code}.py", **fields)  # type: ignore[arg-type]


def only_problem(definitions: list[ModuleDefinition]) -> Exception:
    problems = check(definitions)
    assert len(problems) == 1, problems
    return problems[0]


def test_unknown_dependency_names_module_field_file_and_a_suggestion() -> None:
    problem = only_problem([m("payments"), m("billing", "paymnts")])
    assert isinstance(problem, UnknownDependencyError)
    assert str(problem) == (
        "module 'billing': field 'requires' names unknown module 'paymnts'; "
        "did you mean 'payments'? (in /src/billing.py)"
    )


def test_duplicate_code_names_every_file() -> None:
    first = ModuleDefinition("billing", source="/a/billing/definition.py")
    second = ModuleDefinition("billing", source="/b/billing/definition.py")
    problem = only_problem([first, second])
    assert isinstance(problem, DuplicateModuleError)
    assert str(problem) == (
        "module 'billing' is defined 2 times: /a/billing/definition.py, /b/billing/definition.py; "
        "each code must be unique — rename one of them"
    )


def test_cycle_shows_the_whole_path_and_the_files() -> None:
    problem = only_problem([m("a", "b"), m("b", "c"), m("c", "a"), m("d", "a")])
    assert isinstance(problem, DependencyCycleError)
    assert problem.path == ("a", "b", "c", "a")
    assert str(problem) == (
        "dependency cycle: a -> b -> c -> a; remove one of these requirements:"
        "\n    a: /src/a.py\n    b: /src/b.py\n    c: /src/c.py"
    )


def test_each_separate_cycle_is_reported() -> None:
    problems = check([m("a", "b"), m("b", "a"), m("x", "y"), m("y", "z"), m("z", "x")])
    assert [p.path for p in problems] == [("a", "b", "a"), ("x", "y", "z", "x")]  # type: ignore[attr-defined]
    assert has_circular_dependencies([m("a", "b"), m("b", "a")])
    assert not has_circular_dependencies([m("a", "b"), m("b")])


def test_a_cycle_through_an_optional_requirement_is_still_a_cycle() -> None:
    problem = only_problem([m("a", "b"), m("b", optional_requires=["a"])])
    assert isinstance(problem, DependencyCycleError)
    assert problem.path == ("a", "b", "a")


def test_core_may_not_depend_on_optional_or_internal() -> None:
    problems = check([m("core", "shop", "ops", tier="core"), m("shop"), m("ops", tier="internal")])
    assert all(isinstance(p, TierViolationError) for p in problems)
    assert [str(p) for p in problems] == [
        "module 'core': field 'requires' = 'shop': a core module may only require core modules, "
        "and 'shop' is optional (in /src/core.py)",
        "module 'core': field 'requires' = 'ops': a core module may only require core modules, "
        "and 'ops' is internal (in /src/core.py)",
    ]


def test_core_may_depend_on_core() -> None:
    assert check([m("core", tier="core"), m("tenancy", "core", tier="core")]) == []


def test_an_unmet_version_range_names_both_sides() -> None:
    problem = only_problem([m("payments", version="1.3.0"), m("billing", "payments>=2.0,<3")])
    assert isinstance(problem, VersionConflictError)
    assert str(problem) == (
        "module 'billing': field 'requires' = 'payments>=2.0,<3' is not met by version '1.3.0' "
        "from /src/payments.py (in /src/billing.py)"
    )


def test_an_optional_requirement_is_version_checked_when_present() -> None:
    problem = only_problem(
        [m("analytics", version="0.9.0"), m("shop", optional_requires=["analytics>=1"])]
    )
    assert isinstance(problem, VersionConflictError)
    assert problem.field == "optional_requires"


def test_an_absent_optional_requirement_is_ignored() -> None:
    registry = modstack.resolve([m("shop", optional_requires=["analytics>=1"])])
    assert registry.order == ("shop",)
    assert registry.load_after("shop") == ()


def test_a_present_optional_requirement_loads_first_but_does_not_cascade() -> None:
    registry = modstack.resolve([m("analytics"), m("aardvark", optional_requires=["analytics"])])
    assert registry.order == ("analytics", "aardvark")
    assert registry.dependencies("aardvark") == frozenset()
    assert registry.dependents("analytics") == frozenset()


def test_every_problem_is_raised_together() -> None:
    with pytest.raises(ModuleTreeError, match="3 problems in the module tree") as caught:
        modstack.resolve([m("a", "b"), m("b", "a"), m("c", "nope"), m("c")])
    kinds = sorted(type(p).__name__ for p in caught.value.problems)
    assert kinds == ["DependencyCycleError", "DuplicateModuleError", "UnknownDependencyError"]


def test_load_order_puts_dependencies_first_and_breaks_ties_by_code() -> None:
    registry = modstack.resolve([m("zeta"), m("billing", "payments"), m("payments"), m("alpha")])
    assert registry.order == ("alpha", "payments", "billing", "zeta")


def test_load_order_is_the_same_whatever_the_input_order() -> None:
    definitions = [m("a"), m("b", "a"), m("c", "a"), m("d", "b", "c"), m("e")]
    orders = {modstack.resolve(list(p)).order for p in (definitions, definitions[::-1])}
    assert orders == {("a", "b", "c", "d", "e")}


# -- the registry ---------------------------------------------------------------------


@pytest.fixture
def marketplace() -> modstack.Registry:
    root = Path(__file__).parents[2] / "examples/marketplace/app/modules"
    return modstack.resolve(modstack.discover(root))


def test_the_example_tree_has_the_wizamart_tiers(marketplace: modstack.Registry) -> None:
    assert len(marketplace) == 16
    assert marketplace.core_codes == {"core", "tenancy", "cms", "customers"}
    assert {d.code for d in marketplace.by_tier("internal")} == {"dev-tools", "monitoring"}
    assert len(marketplace.by_tier("optional")) == 10


def test_closures_follow_hard_requirements(marketplace: modstack.Registry) -> None:
    assert marketplace.dependents("payments") == {"billing", "orders", "checkout"}
    assert marketplace.dependencies("checkout") == {"cart", "orders", "payments"}
    assert marketplace.direct_dependents("orders") == ("checkout",)
    assert marketplace.requires("checkout") == ("cart", "orders", "payments")
    assert marketplace.dependency_closure(["checkout", "marketplace"]) == {
        "checkout", "cart", "orders", "payments", "marketplace", "inventory",
    }  # fmt: skip
    assert marketplace.dependent_closure(["payments"]) == {
        "payments",
        "billing",
        "orders",
        "checkout",
    }
    assert marketplace.in_load_order(["checkout", "payments", "orders"]) == (
        "payments", "orders", "checkout",
    )  # fmt: skip


def test_lookup_of_an_unknown_code_suggests_near_names(marketplace: modstack.Registry) -> None:
    with pytest.raises(
        ModuleNotFound, match="no module 'biling' is registered; did you mean 'billing'"
    ):
        marketplace.get("biling")
    with pytest.raises(LookupError):
        marketplace.dependents("nope")
    with pytest.raises(ModuleNotFound):
        marketplace.in_load_order(["nope"])
    assert marketplace.find("biling") is None
    assert "billing" in marketplace
    assert [d.code for d in marketplace][:1] == ["core"]


def test_the_seeds_registry_names_read_the_same_data(marketplace: modstack.Registry) -> None:
    assert set(marketplace.MODULES) == set(marketplace.order)
    assert (
        set(marketplace.CORE_MODULES)
        == marketplace.get_core_module_codes()
        == marketplace.core_codes
    )
    assert set(marketplace.OPTIONAL_MODULES) == {d.code for d in marketplace.by_tier("optional")}
    assert set(marketplace.INTERNAL_MODULES) == {"dev-tools", "monitoring"}
    assert marketplace.get_module("billing") is marketplace.get("billing")
    assert marketplace.get_module_tier("billing") == "optional"
    assert marketplace.get_module_load_order() == list(marketplace.order)
    assert marketplace.has_circular_dependencies() is False
    assert marketplace.get_dependency_graph()["checkout"] == ["cart", "orders", "payments"]


def test_a_registry_cannot_be_changed(marketplace: modstack.Registry) -> None:
    with pytest.raises(TypeError):
        marketplace.modules["x"] = marketplace.get("core")  # type: ignore[index]
    with pytest.raises(AttributeError):
        marketplace.order = ()  # type: ignore[misc]


def test_in_load_order_accepts_a_one_shot_iterator(marketplace: modstack.Registry) -> None:
    assert marketplace.in_load_order(c for c in ("orders", "payments")) == ("payments", "orders")
