"""What the rest of the system reads from a plan (its tenant, action, code, base version,
the reason for each change) and the guards nothing else repeats. Each test here was
written against a mutant that every other test let through (docs/testing.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

import modstack
from modstack import ModuleDefinition
from modstack.errors import CoreModuleError
from modstack.registry import Registry
from modstack.tenancy import (
    Actor,
    ModuleState,
    Plan,
    TenantState,
    check_allowed,
    connect,
    plan_create,
    plan_disable,
    plan_enable,
)
from tests.unit.tenancy.conftest import shop_definitions

D, E, X = ModuleState.DEPENDENCY, ModuleState.ENABLED, ModuleState.DISABLED


def state(explicit: set[str], by_dependency: set[str] = set()) -> TenantState:  # noqa: B006
    return TenantState("acme", 7, frozenset(explicit), frozenset(by_dependency))


def moves(plan: Plan) -> list[tuple[str, ModuleState, ModuleState, str]]:
    return [(c.code, c.before, c.after, c.why) for c in plan.changes]


def header(plan: Plan) -> tuple[str, str, str, int]:
    return plan.tenant, plan.action, plan.code, plan.base_version


# -- a module that became core after a tenant stored it ---------------------------------


def reports_on_audit(audit_tier: str) -> Registry:
    return modstack.resolve(
        [
            ModuleDefinition("core", tier="core"),
            ModuleDefinition("audit", tier=audit_tier),
            ModuleDefinition("reports", requires=["audit"]),
        ]
    )


def test_a_cascade_that_would_disable_a_core_module_is_refused() -> None:
    # The tenant stored audit as a dependency of reports while audit was optional; audit
    # is core now. Disabling reports plans audit's removal too ("only needed by reports"),
    # and the only thing that stops it is check_allowed, for admins as for anyone.
    registry = reports_on_audit("core")
    plan = plan_disable(registry, state({"reports"}, {"audit"}), "reports")
    assert moves(plan) == [
        ("reports", E, X, "requested"),
        ("audit", D, X, "only needed by reports, which is being disabled"),
    ]
    with pytest.raises(CoreModuleError) as refused:
        check_allowed(registry, plan, Actor.admin("root"))
    assert (refused.value.tenant, refused.value.module) == ("acme", "audit")
    assert str(refused.value) == (
        "module 'audit' is core and cannot be disabled for tenant 'acme' (it would be "
        "disabled because only needed by reports, which is being disabled)"
    )


def test_the_service_refuses_the_cascade_and_keeps_the_tenant_as_it_was(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'modstack.db'}"
    before = connect(reports_on_audit("optional"), database=database, redis_url="")
    before.create_tenant("acme", modules=["reports"])
    before.close()
    before.store.dispose()
    after = connect(reports_on_audit("core"), database=database, redis_url="")
    try:
        version = after.store.load("acme").version
        with pytest.raises(CoreModuleError, match="module 'audit' is core"):
            after.disable("acme", "reports", actor=Actor.admin("root"))
        assert after.store.load("acme").version == version
        assert after.is_enabled("acme", "reports")
    finally:
        after.close()
        after.store.dispose()


# -- enabling against stored state that is out of date ----------------------------------


def test_enabling_adds_a_requirement_reached_only_through_an_enabled_module(
    shop: Registry,
) -> None:
    # orders is stored as enabled but its requirement payments is not (orders gained the
    # requirement, or a row went missing): enabling checkout must bring payments too.
    plan = plan_enable(shop, state({"orders"}), "checkout")
    assert moves(plan) == [
        ("cart", X, D, "required by checkout"),
        ("payments", X, D, "required by checkout"),
        ("checkout", X, E, "requested"),
    ]


# -- the header every reader of a plan relies on ----------------------------------------


def test_a_disable_plan_carries_its_tenant_action_code_and_base_version(shop: Registry) -> None:
    plan = plan_disable(shop, state({"billing"}, {"payments"}), "billing")
    assert header(plan) == ("acme", "disable", "billing", 7)
    assert moves(plan) == [
        ("billing", E, X, "requested"),
        ("payments", D, X, "only needed by billing, which is being disabled"),
    ]


def test_an_empty_disable_plan_carries_them_too(shop: Registry) -> None:
    plan = plan_disable(shop, state({"billing"}), "cart")
    assert plan.is_empty
    assert header(plan) == ("acme", "disable", "cart", 7)
    assert plan.describe() == "disable 'cart' for tenant 'acme': nothing to change"


def test_a_create_plan_starts_from_version_0_and_names_every_module(shop: Registry) -> None:
    plan = plan_create(shop, "newco", ("billing", "cart"))
    assert header(plan) == ("newco", "create", "billing,cart", 0)


def test_a_plan_as_data_is_what_the_json_output_and_the_audit_show(shop: Registry) -> None:
    plan = plan_enable(shop, state({"cart"}), "billing")
    assert plan.as_data(applied=False) == {
        "id": plan.id,
        "tenant": "acme",
        "action": "enable",
        "code": "billing",
        "base_version": 7,
        "applied": False,
        "changes": [
            {"code": "payments", "before": "disabled", "after": "dependency",
             "why": "required by billing"},
            {"code": "billing", "before": "disabled", "after": "enabled", "why": "requested"},
        ],
    }  # fmt: skip
    assert plan.as_data(applied=True)["applied"] is True


def test_a_plan_of_one_change_says_change(shop: Registry) -> None:
    assert plan_enable(shop, state(set()), "cart").describe() == (
        "enable 'cart' for tenant 'acme': 1 change\n  + cart  disabled -> enabled  (requested)"
    )


# -- dependency-only modules when something is disabled ---------------------------------


def test_a_dependency_kept_by_another_kept_dependency_stays(shop: Registry) -> None:
    # checkout (explicit) needs orders (dependency-only), which needs payments (the same):
    # disabling billing, payments' other user, keeps payments, still needed through orders.
    tenant = state({"checkout", "billing"}, {"cart", "orders", "payments"})
    plan = plan_disable(shop, tenant, "billing")
    assert moves(plan) == [("billing", E, X, "requested")]


def test_a_dependency_nothing_needs_goes_with_the_next_disable(shop: Registry) -> None:
    # inventory is stored as a dependency-only module that nothing requires any more.
    plan = plan_disable(shop, state({"cart"}, {"inventory"}), "cart")
    assert moves(plan) == [
        ("inventory", D, X, "nothing needs it"),
        ("cart", E, X, "requested"),
    ]


# -- what the service stores and audits for each kind of plan ---------------------------


def test_a_previewed_disable_applies_and_is_audited_under_its_tenant(tmp_path: Path) -> None:
    service = connect(
        modstack.resolve(shop_definitions()),
        database=f"sqlite:///{tmp_path / 'modstack.db'}",
        redis_url="",
    )
    try:
        service.create_tenant("acme", modules=["billing", "cart"])
        preview = service.plan_disable("acme", "billing", actor="alice")
        assert header(preview) == ("acme", "disable", "billing", 1)
        applied = service.apply(preview, actor="alice", reason="churn")
        assert applied.id == preview.id
        assert not service.is_enabled("acme", "payments")
        records = [r for r in service.audit(tenant="acme", limit=None) if r.plan_id == preview.id]
        assert sorted((r.tenant, r.code, r.after, r.reason) for r in records) == [
            ("acme", "billing", X, "churn"),
            ("acme", "payments", X, "churn"),
        ]
        stored = {p.action: p for p in service.store.plans(tenant="acme")}
        assert (stored["create"].code, stored["create"].base_version) == ("billing,cart", 0)
        assert (stored["disable"].code, stored["disable"].base_version) == ("billing", 1)
    finally:
        service.close()
        service.store.dispose()


def test_the_system_actor_may_create_a_tenant_with_an_internal_default(tmp_path: Path) -> None:
    service = connect(
        modstack.resolve(shop_definitions()),
        database=f"sqlite:///{tmp_path / 'modstack.db'}",
        redis_url="",
        default_modules=["ops"],
    )
    try:
        plan = service.create_tenant("acme")
        assert plan.codes == ("payments", "ops")
        assert service.is_enabled("acme", "ops")
        [record] = service.store.plans(tenant="acme")
        assert record.actor == "system"
    finally:
        service.close()
        service.store.dispose()
