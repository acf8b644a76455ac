"""Errors of per-tenant enablement: the tenancy store refused a change or could not be
reached, or a task met a tenant whose module is off."""

from __future__ import annotations

from modstack.errors_base import ModstackError


class TenancyError(ModstackError):
    """Per-tenant enablement was refused or failed; subclasses say why."""


class TenantNotFound(TenancyError, LookupError):  # noqa: N818 - parallel to ModuleNotFound
    """The store has no tenant with this name."""

    def __init__(self, tenant: str) -> None:
        self.tenant = tenant
        super().__init__(
            f"no tenant {tenant!r}; create it first (modstack tenants create {tenant})"
        )


class TenantExistsError(TenancyError, ValueError):
    """A tenant with this name already exists."""

    def __init__(self, tenant: str) -> None:
        self.tenant = tenant
        super().__init__(f"tenant {tenant!r} already exists")


class CoreModuleError(TenancyError, ValueError):
    """Core modules are always enabled; disabling one is refused."""

    def __init__(self, *, tenant: str, module: str, because: str | None = None) -> None:
        self.tenant = tenant
        self.module = module
        self.because = because
        via = f" (it would be disabled because {because})" if because else ""
        super().__init__(
            f"module {module!r} is core and cannot be disabled for tenant {tenant!r}{via}"
        )


class NotAllowedError(TenancyError, PermissionError):
    """The actor may not make this change (internal modules need an admin)."""

    def __init__(self, *, tenant: str, module: str, actor: str, reason: str) -> None:
        self.tenant = tenant
        self.module = module
        self.actor = actor
        self.reason = reason
        super().__init__(
            f"{actor!r} may not change module {module!r} for tenant {tenant!r}: {reason}"
        )


class StalePlanError(TenancyError, RuntimeError):
    """The tenant changed after the plan was computed; plan again and review it."""

    def __init__(self, *, tenant: str, planned_at: int, current: int) -> None:
        self.tenant = tenant
        self.planned_at = planned_at
        self.current = current
        super().__init__(
            f"tenant {tenant!r} changed since this plan was made (version {planned_at} -> "
            f"{current}); plan again and review the new plan"
        )


class StoreUnavailableError(TenancyError, ConnectionError):
    """The tenancy store's database cannot be reached; nothing was written."""

    def __init__(self, *, url: str, cause: BaseException) -> None:
        self.url = url
        self.cause = cause
        first_line = (
            str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        )
        super().__init__(
            f"the tenancy database at {url} is unavailable; nothing was written: {first_line}"
        )


class CommitOutcomeUnknownError(StoreUnavailableError):
    """The connection was lost while the database was committing: the change may or may
    not have been written. Look before writing again; applying the same plan again is
    safe (an applied plan is recognised by its id)."""

    def __init__(self, *, url: str, cause: BaseException) -> None:
        self.url = url
        self.cause = cause
        first_line = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
        ConnectionError.__init__(
            self,
            f"the connection to the database at {url} was lost while committing; the "
            f"outcome is unknown (the change may or may not have been written): "
            f"{first_line or type(cause).__name__}",
        )


class TaskRefusedError(TenancyError, PermissionError):
    """A task was not run: its module is not enabled for the task's tenant."""

    def __init__(self, *, task: str, module: str, tenant: str, stage: str) -> None:
        self.task = task
        self.module = module
        self.tenant = tenant
        self.stage = stage
        super().__init__(
            f"task {task!r} refused at {stage}: "
            f"module {module!r} is not enabled for tenant {tenant!r}"
        )
