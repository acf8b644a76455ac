"""Every exception modstack raises, in one place.

    ModstackError
    ├── DefinitionError (ValueError)          one field of one module is wrong
    ├── DiscoveryError (ImportError)        a definition source cannot be read
    ├── GraphError (ValueError)             a rule of the dependency graph is broken
    │   ├── DuplicateModuleError
    │   ├── UnknownDependencyError
    │   ├── TierViolationError
    │   ├── VersionConflictError
    │   └── DependencyCycleError
    ├── ModuleTreeError (ValueError)          every problem of one tree, raised once
    ├── ModuleNotFound (LookupError)          a code the registry does not know
    ├── InvalidNameError (ValueError)         a tenant name or module code breaks its rule
    │   ├── InvalidTenantNameError (also TenantNotFound: no such tenant can exist)
    │   └── InvalidModuleCodeError (also ModuleNotFound: no such module can exist)
    ├── IllegalTransitionError (RuntimeError) a lifecycle move the state machine forbids
    ├── ModuleConfigError (ValueError)        a module's settings are invalid
    ├── SettingError (ValueError)             a setting cannot take that value, or be set there
    ├── ModuleConfigsError (ValueError)       settings given in code (MODULE_CONFIGS) are wrong
    ├── MigrationRefusedError (RuntimeError)  a downgrade other modules' tables still need
    ├── ModuleError                           a module's own error: an HTTP status and a code
    ├── ScaffoldError (ValueError)            ``modstack new`` refused to write
    └── ServiceError                          the service layer refused or failed a call
        ├── ServiceNotFound (LookupError)     no service by that name
        ├── ServiceUnavailableError (PermissionError)  the caller's module may not use it
        └── CircuitOpenError (RuntimeError)   the breaker is open: failing fast
    └── TenancyError                          per-tenant enablement refused or failed
        ├── TenantNotFound (LookupError)      a tenant the store does not know
        ├── TenantExistsError (ValueError)    creating a tenant that already exists
        ├── CoreModuleError (ValueError)      core modules cannot be disabled
        ├── NotAllowedError (PermissionError) the actor may not change this module
        ├── StalePlanError (RuntimeError)     the tenant changed since the plan was made
        ├── TaskRefusedError (PermissionError) a task for a tenant whose module is off
        └── StoreUnavailableError (ConnectionError)  the database cannot be reached
            └── CommitOutcomeUnknownError     lost during COMMIT: written or not, unknown

Each exception carries its culprit as attributes and builds its own message: what is
wrong, where (module, field, file), and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class ModstackError(Exception):
    """The root of every error modstack raises."""


def _where(file: str | None) -> str:
    return f" (in {file})" if file else ""


def _near(name: str, known: Iterable[str], *, limit: int = 3) -> tuple[tuple[str, ...], str]:
    """Names close to ``name``, and the "; did you mean ...?" hint (empty when none)."""
    import difflib

    found = tuple(difflib.get_close_matches(name, list(known), n=limit))
    hint = f"; did you mean {' or '.join(map(repr, found))}?" if found else ""
    return found, hint


class DefinitionError(ModstackError, ValueError):
    """A module definition has an invalid field.

    Attributes name the module code (when known), the field, the offending value and the
    file the definition came from.
    """

    def __init__(
        self,
        *,
        module: str | None,
        field: str,
        value: object,
        reason: str,
        file: str | None = None,
    ) -> None:
        self.module = module
        self.field = field
        self.value = value
        self.reason = reason
        self.file = file
        who = f"module {module!r}" if module else "a module definition"
        super().__init__(f"{who}: field {field!r} = {value!r}: {reason}{_where(file)}")


class DiscoveryError(ModstackError, ImportError):
    """A definition source (a file, a package, an entry point) could not be turned into
    exactly one module definition."""

    def __init__(self, *, source: str, reason: str, module: str | None = None) -> None:
        self.source = source
        self.reason = reason
        self.module = module
        who = f"module {module!r}: " if module else ""
        super().__init__(f"{who}{reason} (in {source})")


class GraphError(ModstackError, ValueError):
    """A rule of the dependency graph is broken; subclasses name which."""

    module: str


class DuplicateModuleError(GraphError):
    """Two definitions claim the same code."""

    def __init__(self, *, module: str, files: Sequence[str | None]) -> None:
        self.module = module
        self.files = tuple(files)
        places = ", ".join(f or "<unknown file>" for f in self.files)
        super().__init__(
            f"module {module!r} is defined {len(self.files)} times: {places}; "
            "each code must be unique — rename one of them"
        )


class UnknownDependencyError(GraphError):
    """A module requires a code that no definition provides."""

    def __init__(
        self,
        *,
        module: str,
        dependency: str,
        file: str | None,
        known: Iterable[str] = (),
    ) -> None:
        self.module = module
        self.dependency = dependency
        self.file = file
        self.suggestions, hint = _near(dependency, known, limit=2)
        super().__init__(
            f"module {module!r}: field 'requires' names unknown module {dependency!r}"
            f"{hint}{_where(file)}"
        )


class TierViolationError(GraphError):
    """A core module depends on a module that is not core."""

    def __init__(
        self, *, module: str, dependency: str, dependency_tier: str, file: str | None
    ) -> None:
        self.module = module
        self.dependency = dependency
        self.dependency_tier = dependency_tier
        self.file = file
        super().__init__(
            f"module {module!r}: field 'requires' = {dependency!r}: a core module may only "
            f"require core modules, and {dependency!r} is {dependency_tier}{_where(file)}"
        )


class VersionConflictError(GraphError):
    """A module requires a version range that the present module does not satisfy."""

    def __init__(
        self,
        *,
        module: str,
        field: str,
        requirement: str,
        found_version: str,
        file: str | None,
        found_file: str | None,
    ) -> None:
        self.module = module
        self.field = field
        self.requirement = requirement
        self.found_version = found_version
        self.file = file
        self.found_file = found_file
        source = f" from {found_file}" if found_file else ""
        super().__init__(
            f"module {module!r}: field {field!r} = {requirement!r} is not met by version "
            f"{found_version!r}{source}{_where(file)}"
        )


class DependencyCycleError(GraphError):
    """Modules require each other in a loop."""

    def __init__(self, *, path: Sequence[str], files: Sequence[str | None]) -> None:
        self.path = tuple(path)
        self.files = tuple(files)
        self.module = self.path[0]
        lines = "".join(
            f"\n    {code}: {file or '<unknown file>'}"
            for code, file in zip(self.path[:-1], self.files[:-1], strict=True)
        )
        super().__init__(
            f"dependency cycle: {' -> '.join(self.path)}; remove one of these requirements:{lines}"
        )


class ModuleTreeError(ModstackError, ValueError):
    """Every problem found in one module tree, raised together."""

    def __init__(self, problems: Sequence[ModstackError]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        listing = "".join(f"\n  - {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the module tree:{listing}")


class ModuleNotFound(ModstackError, LookupError):  # noqa: N818 - the name the design promises
    """The registry has no module with this code."""

    def __init__(self, code: str, *, known: Iterable[str] = ()) -> None:
        self.code = code
        self.suggestions, hint = _near(code, known)
        super().__init__(f"no module {code!r} is registered{hint}")


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


class IllegalTransitionError(ModstackError, RuntimeError):
    """A module was asked to move between lifecycle states that are not connected."""

    def __init__(self, *, module: str, current: str, target: str, allowed: Iterable[str]) -> None:
        self.module = module
        self.current = current
        self.target = target
        self.allowed = tuple(allowed)
        options = ", ".join(self.allowed) or "nothing"
        super().__init__(
            f"module {module!r} cannot go from {current!r} to {target!r}; from {current!r} it "
            f"can go to: {options}"
        )


class ModuleConfigError(ModstackError, ValueError):
    """A module's settings class rejected its values; every bad field is listed."""

    def __init__(self, *, module: str, file: str | None, fields: Sequence[str]) -> None:
        self.module = module
        self.file = file
        self.fields = tuple(fields)
        listing = "; ".join(self.fields)
        super().__init__(f"module {module!r}: invalid settings{_where(file)}: {listing}")


class MigrationRefusedError(ModstackError, RuntimeError):
    """A module's tables cannot be removed while modules that require it still have theirs."""

    def __init__(self, *, module: str, dependents: Sequence[str]) -> None:
        self.module = module
        self.dependents = tuple(dependents)
        names = ", ".join(self.dependents)
        first = " and ".join(f"{d}@base" for d in self.dependents)
        super().__init__(
            f"refusing to downgrade {module!r}: modules that require it still have tables: "
            f"{names}; downgrade {first} first"
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


class ServiceError(ModstackError):
    """The service layer refused or failed a call; subclasses say why."""


class ServiceNotFound(ServiceError, LookupError):  # noqa: N818 - parallel to ModuleNotFound
    """No service is registered under this name."""

    def __init__(self, name: str, *, known: Iterable[str] = ()) -> None:
        self.name = name
        self.suggestions, hint = _near(name, known)
        super().__init__(f"no service {name!r} is registered{hint}")


class ServiceUnavailableError(ServiceError, PermissionError):
    """A module asked for a service of a module it does not require."""

    def __init__(self, *, service: str, owner: str, requester: str) -> None:
        self.service = service
        self.owner = owner
        self.requester = requester
        super().__init__(
            f"module {requester!r} may not use service {service!r}: it belongs to module "
            f"{owner!r}, which {requester!r} does not require (add it to requires)"
        )


class CircuitOpenError(ServiceError, RuntimeError):
    """The circuit breaker of a service operation is open; the call failed fast."""

    def __init__(self, *, service: str, operation: str, retry_in: float) -> None:
        self.service = service
        self.operation = operation
        self.retry_in = retry_in
        super().__init__(
            f"service {service!r} operation {operation!r}: circuit open after repeated "
            f"failures; next probe in {max(retry_in, 0):.1f} s"
        )


class SettingError(ModstackError, ValueError):
    """A setting was refused: unknown, invalid, not overridable by a tenant, or a masked secret."""

    def __init__(self, *, module: str, field: str, reason: str, source: str | None = None) -> None:
        self.module = module
        self.field = field
        self.reason = reason
        self.source = source
        where = f" (from {source})" if source else ""
        super().__init__(f"module {module!r}: setting {field!r}{where}: {reason}")


class ModuleConfigsError(ModstackError, ValueError):
    """Module settings given in code (the Django seed's ``MODULE_CONFIGS``) name a module
    or a field that does not exist, or hold a value its field refuses; every problem is
    listed, each with where it was written (``settings.MODULE_CONFIGS["billing"]["timeout"]``)."""

    def __init__(self, *, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = tuple(problems)
        count = len(self.problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in {origin}:\n{listing}")


class ModuleError(ModstackError):
    """The base of a module's own errors (the Wizamart seed's ``WizamartException``).

    Subclasses set ``status`` (the HTTP status) and ``error_code`` (the answer's
    machine-readable reason); ``details`` adds fields to the answer. Every adapter turns
    an uncaught ModuleError into the same JSON body (``as_data()``), or the HTML error page
    for a browser::

        class OrderNotFound(ModuleError):
            status = 404
            error_code = "order_not_found"

            def __init__(self, number: str) -> None:
                super().__init__(f"no order {number!r}", number=number)
    """

    status: int = 400
    error_code: str = "module_error"

    def __init__(self, detail: str = "", *, module: str | None = None, **details: object) -> None:
        self.detail = detail or self.error_code.replace("_", " ")
        self.module = module
        self.details = details
        super().__init__(self.detail)

    def as_data(self) -> dict[str, object]:
        """The answer's body: ``code``, ``detail``, ``module`` (when known) and details."""
        body: dict[str, object] = {"code": self.error_code, "detail": self.detail}
        if self.module is not None:
            body["module"] = self.module
        return {**self.details, **body}


class ScaffoldError(ModstackError, ValueError):
    """``modstack new`` refused: a name is invalid, a requirement unknown, or a file exists."""

    def __init__(self, reason: str, *, fix: str) -> None:
        self.reason = reason
        self.fix = fix
        super().__init__(f"{reason}: {fix}")


class CacheValueError(ServiceError, TypeError):
    """A value the cache cannot store: the Redis cache holds JSON data only."""

    def __init__(self, *, key: str, where: str, found: str) -> None:
        self.key = key
        self.where = where
        self.found = found
        super().__init__(
            f"cache key {key!r}: {where} is a {found}; a cached value may only be None, bool, "
            "int, float, str, list, or dict with str keys (nested); return plain data, "
            "e.g. model.model_dump(mode='json')"
        )


def _shown(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut short for very long values (the length is kept)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, str) else ""
    return f"{text[:limit]}...{size}"


class InvalidNameError(ModstackError, ValueError):
    """A tenant name or module code breaks its rule (characters, length); checked before
    it reaches the database. ``field`` says which name, ``rule`` what it must be."""

    def __init__(self, *, field: str, value: object, rule: str) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        # Not super(): in the subclasses below, the next class is TenantNotFound or
        # ModuleNotFound, whose own messages would wrap this one.
        ModstackError.__init__(self, f"{field} {_shown(value)} is invalid: {rule}")


class InvalidTenantNameError(InvalidNameError, TenantNotFound):
    """A tenant name no tenant can have; also a TenantNotFound, so every caller that
    refuses an unknown tenant refuses it the same way."""

    def __init__(self, value: object, rule: str) -> None:
        self.tenant = str(value)
        InvalidNameError.__init__(self, field="tenant name", value=value, rule=rule)


class InvalidModuleCodeError(InvalidNameError, ModuleNotFound):
    """A module code no module can have; also a ModuleNotFound."""

    def __init__(self, value: object, rule: str) -> None:
        self.code = str(value)
        self.suggestions: tuple[str, ...] = ()
        InvalidNameError.__init__(self, field="module code", value=value, rule=rule)
