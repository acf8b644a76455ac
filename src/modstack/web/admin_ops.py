"""The admin API's operations, for every adapter: each takes plain arguments and gives
an ``Answer`` (status and JSON body). The adapter checks the admin credential
(``modstack.web.admin_access``) and translates the request and the answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modstack.errors import (
    CoreModuleError,
    ModuleConfigError,
    ModuleNotFound,
    NotAllowedError,
    ServiceNotFound,
    SettingError,
    StalePlanError,
    StoreUnavailableError,
    TenantNotFound,
)
from modstack.tenancy.state import Actor

if TYPE_CHECKING:
    from modstack.stack import Stack

ADMIN = Actor.admin("admin-api")
"""Who the admin API's changes are recorded as."""


@dataclass(frozen=True, slots=True)
class Answer:
    """An operation's outcome: the HTTP status and the JSON body."""

    status: int
    body: Any


def error_body(code: str, detail: str, **extra: Any) -> dict[str, Any]:
    """A JSON error body in the gate's shape."""
    return {"code": code, "detail": detail, **extra}


_STATUS: dict[type[Exception], tuple[int, str]] = {
    ModuleNotFound: (404, "module_not_found"),
    TenantNotFound: (404, "tenant_not_found"),
    CoreModuleError: (409, "core_module"),
    NotAllowedError: (403, "not_allowed"),
    StalePlanError: (409, "stale_plan"),
    StoreUnavailableError: (503, "store_unavailable"),
}


def refused(error: Exception) -> Answer:
    """The answer for one of the errors an operation may meet."""
    status, code = next(v for k, v in _STATUS.items() if isinstance(error, k))
    return Answer(status, error_body(code, str(error)))


class AdminOperations:
    """What the admin API does, over one stack."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    async def list_modules(self) -> Answer:
        """Every module with tier, version, state and health."""
        stack = self.stack
        reports = await stack.kernel.health_all()
        modules = [
            {**stack.kernel.modules[code].summary(), "health": reports[code]}
            for code in stack.registry.order
        ]
        return Answer(200, {"modules": modules})

    async def reload_module(self, code: str) -> Answer:
        """Reload ``code`` in every worker; 409 when the new code fails in one."""
        try:
            report = await self.stack.reload_everywhere(code)
        except ModuleNotFound as error:
            return refused(error)
        return Answer(200 if report.ok else 409, report.as_data())

    def list_services(self) -> Answer:
        """Every service: version, owning module, breakers, health."""
        services = self.stack.services
        body = {
            "services": services.info(),
            "health": services.health(),
        }
        return Answer(200, body)

    async def reload_service(self, name: str) -> Answer:
        """A new instance of service ``name`` in place of the old one."""
        try:
            fresh = await self.stack.services.reload(name)
        except ServiceNotFound as error:
            return Answer(404, error_body("service_not_found", str(error)))
        except RuntimeError as error:
            return Answer(409, error_body("service_failed", str(error)))
        return Answer(200, {"service": name, "version": fresh.version, "ok": True})

    def list_settings(self, tenant: str | None) -> Answer:
        """Every module's effective settings and their sources (secrets masked)."""
        try:
            return Answer(200, self.stack.settings_manager.export(tenant=tenant))
        except TenantNotFound as error:
            return refused(error)
        except ModuleConfigError as error:
            return Answer(409, error_body("invalid_settings", str(error)))

    def change_setting(
        self, module: str, field: str, value: Any, *, reason: str, tenant: str | None
    ) -> Answer:
        """Validate, store, audit and announce one setting."""
        manager = self.stack.settings_manager
        try:
            done = manager.set_setting(
                module, field, value, actor=ADMIN.name, reason=reason, tenant=tenant
            )
        except (ModuleNotFound, TenantNotFound) as error:
            return refused(error)
        except SettingError as error:
            body = error_body("invalid_setting", str(error), module=module, field=field)
            return Answer(422, body)
        body = {"module": module, "field": field, "old": done.old, "new": done.new}
        return Answer(200, {**body, "tenant": done.tenant, "changed": done.stored,
                            "requires_restart": done.requires_restart})  # fmt: skip

    def list_tenants(self) -> Answer:
        """Every tenant."""
        return Answer(200, [t.as_data() for t in self.stack.tenancy.tenants()])

    def tenant_modules(self, tenant: str) -> Answer:
        """One tenant's modules and their states."""
        try:
            return Answer(200, self.stack.tenancy.status(tenant).as_data())
        except (TenantNotFound, StoreUnavailableError) as error:
            return refused(error)

    def change_module(
        self, tenant: str, code: str, action: str, *, dry_run: bool, reason: str
    ) -> Answer:
        """Plan (``dry_run``) or apply enabling or disabling ``code`` for ``tenant``."""
        service = self.stack.tenancy
        if action not in ("enable", "disable"):
            return Answer(404, error_body("unknown_action", f"{action!r}: use enable or disable"))
        try:
            if dry_run:
                make = service.plan_enable if action == "enable" else service.plan_disable
                return Answer(200, make(tenant, code, actor=ADMIN).as_data(applied=False))
            change = service.enable if action == "enable" else service.disable
            applied = change(tenant, code, actor=ADMIN, reason=reason)
            return Answer(200, applied.as_data(applied=True))
        except (ModuleNotFound, TenantNotFound, CoreModuleError, NotAllowedError, StalePlanError,
                StoreUnavailableError) as error:  # fmt: skip
            return refused(error)

    def audit(self, tenant: str | None, limit: int) -> Answer:
        """Audit records, newest first."""
        records = self.stack.tenancy.audit(tenant=tenant, limit=limit)
        return Answer(200, [r.as_data() for r in records])
