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
    ├── ServiceError                          the service layer refused or failed a call
    │   ├── ServiceNotFound (LookupError)     no service by that name
    │   ├── ServiceUnavailableError (PermissionError)  the caller's module may not use it
    │   ├── CircuitOpenError (RuntimeError)   the breaker is open: failing fast
    │   └── CacheValueError (TypeError)       a value the Redis cache cannot store
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

Import them from here. Each family is written in a file of its own beside this one:
``errors_base`` (the root), ``errors_tree`` (definitions, discovery, the graph, the tree,
``ModuleNotFound``), ``errors_names``, ``errors_modules`` (lifecycle, migrations,
``ModuleError``, scaffolding), ``errors_settings``, ``errors_services`` and
``errors_tenancy``.
"""

from __future__ import annotations

from modstack.errors_base import ModstackError
from modstack.errors_base import _near as _near  # private; modstack.config.explicit uses it
from modstack.errors_modules import (
    IllegalTransitionError,
    MigrationRefusedError,
    ModuleError,
    ScaffoldError,
)
from modstack.errors_names import InvalidModuleCodeError, InvalidNameError, InvalidTenantNameError
from modstack.errors_services import (
    CacheValueError,
    CircuitOpenError,
    ServiceError,
    ServiceNotFound,
    ServiceUnavailableError,
)
from modstack.errors_settings import ModuleConfigError, ModuleConfigsError, SettingError
from modstack.errors_tenancy import (
    CommitOutcomeUnknownError,
    CoreModuleError,
    NotAllowedError,
    StalePlanError,
    StoreUnavailableError,
    TaskRefusedError,
    TenancyError,
    TenantExistsError,
    TenantNotFound,
)
from modstack.errors_tree import (
    DefinitionError,
    DependencyCycleError,
    DiscoveryError,
    DuplicateModuleError,
    GraphError,
    ModuleNotFound,
    ModuleTreeError,
    TierViolationError,
    UnknownDependencyError,
    VersionConflictError,
)

__all__ = [
    "CacheValueError",
    "CircuitOpenError",
    "CommitOutcomeUnknownError",
    "CoreModuleError",
    "DefinitionError",
    "DependencyCycleError",
    "DiscoveryError",
    "DuplicateModuleError",
    "GraphError",
    "IllegalTransitionError",
    "InvalidModuleCodeError",
    "InvalidNameError",
    "InvalidTenantNameError",
    "MigrationRefusedError",
    "ModstackError",
    "ModuleConfigError",
    "ModuleConfigsError",
    "ModuleError",
    "ModuleNotFound",
    "ModuleTreeError",
    "NotAllowedError",
    "ScaffoldError",
    "ServiceError",
    "ServiceNotFound",
    "ServiceUnavailableError",
    "SettingError",
    "StalePlanError",
    "StoreUnavailableError",
    "TaskRefusedError",
    "TenancyError",
    "TenantExistsError",
    "TenantNotFound",
    "TierViolationError",
    "UnknownDependencyError",
    "VersionConflictError",
]
