"""Applying a plan is idempotent by its id: the id is stored in the plan's transaction,
so applying the same plan again (a retry after a commit whose outcome was unknown) is
recognised — no second audit trail, no StalePlanError — while a different plan made at
the same version is still refused as stale. (Over a connection cut during COMMIT, on
PostgreSQL: tests/integration/test_commit_outcome_postgres.py.)"""

from __future__ import annotations

import pytest

from modstack.errors import StalePlanError
from modstack.tenancy import TenancyService
from modstack.tenancy.plan import Plan


def applied_once(service: TenancyService, plan: Plan) -> None:
    """``plan`` was applied exactly once: one stored plan, one audit record per change,
    the tenant one version past the plan's base, its modules on."""
    assert [p.id for p in service.store.plans(tenant=plan.tenant)].count(plan.id) == 1
    records = [r for r in service.audit(tenant=plan.tenant, limit=None) if r.plan_id == plan.id]
    assert sorted(r.code for r in records) == sorted(plan.codes)
    status = service.status(plan.tenant)
    assert status.version == plan.base_version + 1
    assert set(plan.codes) <= set(status.enabled)


def test_applying_the_same_plan_twice_applies_it_once(service: TenancyService) -> None:
    service.create_tenant("acme")
    plan = service.plan_enable("acme", "checkout")
    other = service.plan_enable("acme", "billing")  # made at the same version
    assert service.apply(plan, actor="alice", reason="launch").id == plan.id
    again = service.apply(plan, actor="alice", reason="launch")
    assert again == plan
    applied_once(service, plan)
    with pytest.raises(StalePlanError):
        service.apply(other, actor="alice")
