"""The planner: exact change sets, with a reason for each change."""

from __future__ import annotations

import pytest

import modstack
from modstack import ModuleNotFound
from modstack.errors import CoreModuleError, NotAllowedError
from modstack.registry import Registry
from modstack.tenancy import Actor, ModuleState, TenantState, check_allowed, plan_create
from modstack.tenancy import plan_disable as disable
from modstack.tenancy import plan_enable as enable

D, E, X = ModuleState.DEPENDENCY, ModuleState.ENABLED, ModuleState.DISABLED


def state(explicit: set[str] = frozenset(), by_dependency: set[str] = frozenset()) -> TenantState:  # type: ignore[assignment]
    return TenantState("acme", 3, frozenset(explicit), frozenset(by_dependency))


def moves(plan: modstack.tenancy.Plan) -> list[tuple[str, ModuleState, ModuleState, str]]:
    return [(c.code, c.before, c.after, c.why) for c in plan.changes]


def test_enabling_pulls_in_requirements_dependencies_first(shop: Registry) -> None:
    plan = enable(shop, state(), "checkout")
    assert moves(plan) == [
        ("cart", X, D, "required by checkout"),
        ("payments", X, D, "required by orders"),
        ("orders", X, D, "required by checkout"),
        ("checkout", X, E, "requested"),
    ]
    assert (plan.tenant, plan.action, plan.code, plan.base_version) == (
        "acme",
        "enable",
        "checkout",
        3,
    )
    assert plan.is_cascade


def test_enabling_skips_what_is_already_on_and_core(shop: Registry) -> None:
    plan = enable(shop, state({"payments"}), "billing")
    assert moves(plan) == [("billing", X, E, "requested")]
    assert not plan.is_cascade
    assert enable(shop, state(), "core").is_empty


def test_enabling_a_dependency_only_module_makes_it_explicit(shop: Registry) -> None:
    plan = enable(shop, state({"billing"}, {"payments"}), "payments")
    assert moves(plan) == [("payments", D, E, "requested; was only a dependency")]


def test_enabling_what_is_enabled_is_an_empty_plan(shop: Registry) -> None:
    plan = enable(shop, state({"payments"}), "payments")
    assert plan.is_empty
    assert plan.describe() == "enable 'payments' for tenant 'acme': nothing to change"


def test_disabling_takes_down_dependents_dependents_first(shop: Registry) -> None:
    before = state({"billing", "checkout"}, {"payments", "orders", "cart"})
    plan = disable(shop, before, "payments")
    assert moves(plan) == [
        ("checkout", E, X, "requires orders, which is being disabled"),
        ("orders", D, X, "requires payments, which is being disabled"),
        ("billing", E, X, "requires payments, which is being disabled"),
        ("payments", D, X, "requested"),
        ("cart", D, X, "only needed by checkout, which is being disabled"),
    ]


def test_dependency_only_modules_stay_while_something_needs_them(shop: Registry) -> None:
    before = state({"billing", "orders"}, {"payments"})
    assert moves(disable(shop, before, "billing")) == [("billing", E, X, "requested")]
    after = before.with_changes([("billing", X)])
    assert moves(disable(shop, after, "orders")) == [
        ("orders", E, X, "requested"),
        ("payments", D, X, "only needed by orders, which is being disabled"),
    ]


def test_explicitly_enabled_requirements_stay(shop: Registry) -> None:
    plan = disable(shop, state({"billing", "payments"}), "billing")
    assert moves(plan) == [("billing", E, X, "requested")]


def test_the_flag_keeps_dependency_only_modules(shop: Registry) -> None:
    plan = disable(
        shop, state({"billing"}, {"payments"}), "billing", auto_disable_dependencies=False
    )
    assert moves(plan) == [("billing", E, X, "requested")]


def test_optional_requirements_do_not_cascade(shop: Registry) -> None:
    plan = disable(shop, state({"orders", "inventory"}, {"payments"}), "inventory")
    assert moves(plan) == [("inventory", E, X, "requested")]


def test_disabling_what_is_off_is_an_empty_plan(shop: Registry) -> None:
    assert disable(shop, state(), "billing").is_empty


def test_core_modules_cannot_be_disabled(shop: Registry) -> None:
    with pytest.raises(
        CoreModuleError, match="module 'tenancy' is core and cannot be disabled for tenant 'acme'"
    ):
        disable(shop, state(), "tenancy")


def test_unknown_modules_are_named(shop: Registry) -> None:
    with pytest.raises(ModuleNotFound, match="did you mean 'billing'"):
        enable(shop, state(), "biling")


def test_internal_modules_need_an_admin(shop: Registry) -> None:
    plan = enable(shop, state(), "ops")
    with pytest.raises(
        NotAllowedError,
        match="'alice' may not change module 'ops' for tenant 'acme': it is internal",
    ):
        check_allowed(shop, plan, Actor("alice"))
    check_allowed(shop, plan, Actor.admin("root"))
    # Disabling payments would take ops down with it: also admin-only.
    cascade = disable(shop, state({"ops"}, {"payments"}), "payments")
    with pytest.raises(NotAllowedError, match="requires payments, which is being disabled"):
        check_allowed(shop, cascade, Actor("alice"))


def test_a_new_tenant_gets_its_modules_and_their_requirements(shop: Registry) -> None:
    plan = plan_create(shop, "newco", ("billing", "cart"))
    assert moves(plan) == [  # load order
        ("cart", X, E, "requested"),
        ("payments", X, D, "required by billing"),
        ("billing", X, E, "requested"),
    ]
    assert plan.action == "create"


def test_a_plan_describes_itself(shop: Registry) -> None:
    text = enable(shop, state(), "billing").describe()
    assert text == (
        "enable 'billing' for tenant 'acme': 2 changes\n"
        "  + payments  disabled -> dependency  (required by billing)\n"
        "  + billing   disabled -> enabled     (requested)"
    )


def test_effective_state_ignores_removed_modules_and_missing_requirements(shop: Registry) -> None:
    stored = state({"billing", "retired-module"}, set())  # payments row missing: inconsistent
    assert stored.orphans(shop) == {"retired-module"}
    assert stored.enabled(shop) == {"core", "tenancy"}
    assert stored.state_of("core", shop) is E
