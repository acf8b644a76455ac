"""``TenancyService``: per-tenant enablement with plans, audit, and an O(1) hot path.

``is_enabled`` reads a per-process snapshot of each tenant's enabled set: an immutable
frozenset, replaced (never mutated) when the tenant changes. Other processes' changes
arrive through the notifier; since a notifier can lose messages, a background thread
also re-reads the tenants' versions every ``staleness`` seconds, so no snapshot is ever
older than that bound (plus one query).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from modstack.errors import StalePlanError, StoreUnavailableError, TenantNotFound
from modstack.naming import check_code, check_tenant, is_valid_tenant
from modstack.registry import Registry
from modstack.tenancy.notifier import InProcessNotifier, Notifier
from modstack.tenancy.plan import Plan, check_allowed, plan_create, plan_disable, plan_enable
from modstack.tenancy.seed_names import TenancySeedNames
from modstack.tenancy.state import SYSTEM, Actor, ModuleState, TenantState
from modstack.tenancy.store import AuditRecord, TenancyStore, TenantInfo

logger = logging.getLogger("modstack.tenancy")


@dataclass(frozen=True, slots=True)
class ModuleStatus:
    """One module as one tenant has it."""

    code: str
    tier: str
    state: ModuleState
    effective: bool
    """Whether requests see it enabled (its requirements are all enabled too)."""


@dataclass(frozen=True, slots=True)
class TenantStatus:
    """Everything about one tenant's modules, including what needs attention."""

    tenant: str
    version: int
    modules: tuple[ModuleStatus, ...]
    orphans: tuple[str, ...]
    """Stored as enabled but gone from the code; rows kept, reported."""

    @property
    def enabled(self) -> tuple[str, ...]:
        """Codes effectively enabled, in load order."""
        return tuple(m.code for m in self.modules if m.effective)

    def as_data(self) -> dict[str, Any]:
        """The status as JSON-ready data."""
        return {
            "tenant": self.tenant,
            "version": self.version,
            "enabled": list(self.enabled),
            "orphans": list(self.orphans),
            "inconsistent": list(self.inconsistent),
            "modules": [
                {"code": m.code, "tier": m.tier, "state": m.state.value, "effective": m.effective}
                for m in self.modules
            ],
        }

    @property
    def inconsistent(self) -> tuple[str, ...]:
        """Stored as enabled but missing a requirement (the code gained one since)."""
        return tuple(m.code for m in self.modules if m.state.is_on and not m.effective)


class TenancyService(TenancySeedNames):
    """Enable and disable modules per tenant, with cascades computed as plans first.

    Every tenant name and module code is checked against the rules of
    :mod:`modstack.naming` before it reaches the store (InvalidTenantNameError,
    InvalidModuleCodeError)."""

    missing_limit = 1024
    """How many unknown tenant names are remembered (the least recently asked leave first),
    so a flood of made-up names costs no query each and no memory beyond this."""

    def __init__(
        self,
        registry: Registry,
        store: TenancyStore,
        *,
        notifier: Notifier | None = None,
        default_modules: Iterable[str] = (),
        auto_disable_dependencies: bool = True,
        staleness: float = 1.0,
    ) -> None:
        self.registry = registry
        self.store = store
        self.notifier: Notifier = notifier or InProcessNotifier()
        self.default_modules = tuple(default_modules)
        for code in self.default_modules:
            registry.get(code)  # unknown defaults fail at start, not at first tenant
        self.auto_disable_dependencies = auto_disable_dependencies
        self.staleness = staleness
        self._enabled: dict[str, frozenset[str]] = {}
        self._versions: dict[str, int] = {}
        self._missing: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._reconciler: threading.Thread | None = None
        self._store_down = False
        self.change_listeners: list[Callable[[str, int], None]] = []
        """Called with every notifier message (other parts, like settings, share the channel)."""
        self.listeners: list[Callable[[Plan], None]] = []
        """Called with every plan this service applies (the kernel runs on_enable/on_disable)."""

    # -- the hot path -------------------------------------------------------------------

    def is_enabled(self, tenant: str, code: str) -> bool:
        """Tell whether ``code`` is enabled for ``tenant``: a dict lookup and a set
        membership test once the tenant is loaded. Raises TenantNotFound (InvalidTenantNameError
        for a name no tenant can have: never looked up, never remembered)."""
        try:
            return code in self._enabled[tenant]
        except KeyError:
            return code in self._load(check_tenant(tenant))

    def enabled_modules(self, tenant: str) -> frozenset[str]:
        """Every code effectively enabled for ``tenant``. Raises TenantNotFound."""
        try:
            return self._enabled[tenant]
        except KeyError:
            return self._load(check_tenant(tenant))

    def _load(self, tenant: str) -> frozenset[str]:
        if self._recently_missing(tenant):
            raise TenantNotFound(tenant)  # remembered, so bad names cost no query each
        try:
            state = self.store.load(tenant)
        except TenantNotFound:
            self._remember_missing(tenant)
            raise
        self._missing.pop(tenant, None)
        self._remember(state)
        self._start_background()
        return self._enabled[tenant]

    def _recently_missing(self, tenant: str) -> bool:
        with self._lock:
            missed = self._missing.get(tenant)
            if missed is None or time.monotonic() - missed >= self.staleness:
                return False
            self._missing.move_to_end(tenant)
            return True

    def _remember_missing(self, tenant: str) -> None:
        with self._lock:
            self._missing[tenant] = time.monotonic()
            self._missing.move_to_end(tenant)
            while len(self._missing) > self.missing_limit:
                self._missing.popitem(last=False)

    def _remember(self, state: TenantState) -> None:
        with self._lock:
            if self._versions.get(state.tenant, -1) > state.version:
                return  # an older read finished after a newer one
            self._enabled[state.tenant] = state.enabled(self.registry)
            self._versions[state.tenant] = state.version

    # -- staying current ----------------------------------------------------------------

    def _on_change(self, tenant: str, version: int) -> None:
        for listener in list(self.change_listeners):
            listener(tenant, version)
        known = self._versions.get(tenant)
        if known is not None and version > known:
            self._refresh(tenant)
        self._missing.pop(tenant, None)

    def _refresh(self, tenant: str) -> None:
        try:
            self._remember(self.store.load(tenant))
        except TenantNotFound:
            self._forget(tenant)
        except StoreUnavailableError as error:
            self._note_outage(error)

    def reconcile(self) -> None:
        """Re-read the version of every loaded tenant (one query) and reload those that
        moved. Runs every ``staleness`` seconds and after a notifier reconnects."""
        loaded = list(self._versions)
        if not loaded:
            return
        try:
            current = self.store.versions(loaded)
        except StoreUnavailableError as error:
            self._note_outage(error)
            return
        if self._store_down:
            logger.warning("tenancy store is reachable again; snapshots are being refreshed")
            self._store_down = False
        for tenant in loaded:
            version = current.get(tenant)
            if version is None:
                self._forget(tenant)
            elif version != self._versions.get(tenant):
                self._refresh(tenant)

    def _note_outage(self, error: StoreUnavailableError) -> None:
        if not self._store_down:
            logger.warning("%s; serving the last snapshots until it is back", error)
        self._store_down = True

    def _forget(self, tenant: str) -> None:
        with self._lock:
            self._enabled.pop(tenant, None)
            self._versions.pop(tenant, None)

    def _start_background(self) -> None:
        """Once something reads, start listening for changes and checking versions; a
        process that only writes (the CLI) never needs either."""
        if self._reconciler is not None or self._stop.is_set():
            return
        with self._lock:
            if self._reconciler is None:
                self.notifier.subscribe(self._on_change, self.reconcile)
                self._reconciler = threading.Thread(
                    target=self._reconcile_forever, name="modstack-tenancy-versions", daemon=True
                )
                self._reconciler.start()

    def _reconcile_forever(self) -> None:
        while not self._stop.wait(self.staleness):
            try:
                self.reconcile()
            except Exception:  # the safety net must not die; logged with its traceback
                logger.exception("tenancy version check failed")

    def close(self) -> None:
        """Stop the background version check and the notifier."""
        self._stop.set()
        if self._reconciler is not None:
            self._reconciler.join(5)
        self.notifier.close()

    # -- plans --------------------------------------------------------------------------

    def plan_enable(self, tenant: str, code: str, *, actor: Actor | str | None = None) -> Plan:
        """What enabling ``code`` would change, and why; changes nothing. With ``actor``,
        also checks the actor may apply it. Raises ModuleNotFound, TenantNotFound,
        NotAllowedError."""
        tenant, code = check_tenant(tenant), check_code(code)
        plan = plan_enable(self.registry, self.store.load(tenant), code)
        if actor is not None:
            check_allowed(self.registry, plan, Actor.of(actor))
        return plan

    def plan_disable(self, tenant: str, code: str, *, actor: Actor | str | None = None) -> Plan:
        """What disabling ``code`` would change, and why; changes nothing. Raises
        ModuleNotFound, TenantNotFound, CoreModuleError, NotAllowedError."""
        tenant, code = check_tenant(tenant), check_code(code)
        plan = self._disable_plan(self.store.load(tenant), code)
        if actor is not None:
            check_allowed(self.registry, plan, Actor.of(actor))
        return plan

    def apply(self, plan: Plan, *, actor: Actor | str, reason: str = "") -> Plan:
        """Apply a previewed plan in one transaction with its audit records and its id.

        Idempotent by plan id: applying a plan that was applied already changes nothing
        and returns it as applied — so after CommitOutcomeUnknownError (the connection was
        lost while committing) the caller retries the same plan. Raises StalePlanError
        when the tenant changed since the plan was made (plan again), NotAllowedError,
        StoreUnavailableError, CommitOutcomeUnknownError.
        """
        who = Actor.of(actor)
        check_allowed(self.registry, plan, who)

        def unchanged(state: TenantState) -> None:
            if state.version != plan.base_version:
                raise StalePlanError(
                    tenant=plan.tenant, planned_at=plan.base_version, current=state.version
                )

        state, first = self.store.apply_once(plan, unchanged, actor=who, reason=reason)
        if not first:
            logger.info(
                "plan %s for tenant %r was applied already; not again", plan.id, plan.tenant
            )
        return self._applied(plan, state)

    def enable(self, tenant: str, code: str, *, actor: Actor | str, reason: str = "") -> Plan:
        """Enable ``code`` and everything it requires, planned and applied in one
        transaction against the tenant's current state. Returns the applied plan."""
        tenant, code = check_tenant(tenant), check_code(code)
        who = Actor.of(actor)

        def plan(state: TenantState) -> Plan:
            made = plan_enable(self.registry, state, code)
            check_allowed(self.registry, made, who)
            return made

        return self._applied(*self.store.change(tenant, plan, actor=who, reason=reason))

    def disable(self, tenant: str, code: str, *, actor: Actor | str, reason: str = "") -> Plan:
        """Disable ``code``, every enabled module that requires it, and (unless turned
        off) the dependency-only modules nothing needs any more. Returns the applied plan."""
        tenant, code = check_tenant(tenant), check_code(code)
        who = Actor.of(actor)

        def plan(state: TenantState) -> Plan:
            made = self._disable_plan(state, code)
            check_allowed(self.registry, made, who)
            return made

        return self._applied(*self.store.change(tenant, plan, actor=who, reason=reason))

    def create_tenant(
        self,
        tenant: str,
        *,
        modules: Sequence[str] | None = None,
        actor: Actor | str = SYSTEM,
        reason: str = "new tenant",
    ) -> Plan:
        """Create ``tenant`` with the core modules plus ``modules`` (default: the
        service's ``default_modules``). Raises InvalidTenantNameError, TenantExistsError,
        ModuleNotFound."""
        tenant = check_tenant(tenant)
        who = Actor.of(actor)
        wanted = tuple(
            check_code(c) for c in (self.default_modules if modules is None else modules)
        )

        def plan(_: TenantState) -> Plan:
            made = plan_create(self.registry, tenant, wanted)
            check_allowed(self.registry, made, who)
            return made

        return self._applied(*self.store.create(tenant, plan, actor=who, reason=reason))

    def _disable_plan(self, state: TenantState, code: str) -> Plan:
        return plan_disable(
            self.registry, state, code, auto_disable_dependencies=self.auto_disable_dependencies
        )

    def _applied(self, plan: Plan, state: TenantState) -> Plan:
        if plan.is_empty and plan.action != "create":
            return plan
        if state.tenant in self._versions:  # only snapshots a reader loaded are kept current
            self._remember(state)
        self._missing.pop(state.tenant, None)
        self.notifier.publish(state.tenant, state.version)
        for listener in list(self.listeners):
            try:
                listener(plan)
            except Exception:  # a listener's failure does not undo a committed plan
                logger.exception("a listener of plan %s failed", plan.id)
        return plan

    # -- reading ------------------------------------------------------------------------

    def status(self, tenant: str) -> TenantStatus:
        """Every module's state for ``tenant``, read from the store."""
        state = self.store.load(check_tenant(tenant))
        effective = state.enabled(self.registry)
        modules = tuple(
            ModuleStatus(
                d.code, d.tier.value, state.state_of(d.code, self.registry), d.code in effective
            )
            for d in self.registry
        )
        return TenantStatus(
            tenant, state.version, modules, tuple(sorted(state.orphans(self.registry)))
        )

    def tenants(self) -> list[TenantInfo]:
        """Every tenant in the store."""
        return self.store.tenants()

    def audit(self, *, tenant: str | None = None, limit: int | None = 50) -> list[AuditRecord]:
        """Audit records, newest first (none for a name no tenant can have)."""
        if tenant is not None and not is_valid_tenant(tenant):
            return []
        return self.store.audit(tenant=tenant, limit=limit)
