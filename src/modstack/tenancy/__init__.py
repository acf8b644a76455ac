"""Per-tenant module enablement: plans, cascades, audit, and the O(1) ``is_enabled``.

from modstack import tenancy
service = tenancy.connect(registry)              # SQLite file by default
service.create_tenant("acme", modules=["billing"])
plan = service.plan_disable("acme", "payments")  # what would change, and why
service.apply(plan, actor="alice", reason="gateway contract ended")
service.is_enabled("acme", "billing")            # False
"""

from modstack.db import create_engine
from modstack.tenancy.connect import (
    DEFAULT_DATABASE_URL,
    NotifierChoice,
    connect,
    database_url,
    make_notifier,
)
from modstack.tenancy.notifier import InProcessNotifier, Notifier
from modstack.tenancy.plan import (
    Change,
    Plan,
    check_allowed,
    plan_create,
    plan_disable,
    plan_enable,
)
from modstack.tenancy.service import ModuleStatus, TenancyService, TenantStatus
from modstack.tenancy.state import SYSTEM, Actor, ModuleState, TenantState
from modstack.tenancy.store import AuditRecord, PlanRecord, TenancyStore, TenantInfo

__all__ = [
    "DEFAULT_DATABASE_URL",
    "SYSTEM",
    "Actor",
    "AuditRecord",
    "Change",
    "InProcessNotifier",
    "ModuleState",
    "ModuleStatus",
    "Notifier",
    "NotifierChoice",
    "Plan",
    "PlanRecord",
    "TenancyService",
    "TenancyStore",
    "TenantInfo",
    "TenantState",
    "TenantStatus",
    "check_allowed",
    "connect",
    "create_engine",
    "database_url",
    "make_notifier",
    "plan_create",
    "plan_disable",
    "plan_enable",
]
