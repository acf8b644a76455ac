"""modstack: modular monoliths for Python.

Modules are discovered from folders, packages or installed distributions, resolved into
a dependency-ordered registry, and switched on and off per tenant.

    import modstack
    registry = modstack.resolve(modstack.discover("app/modules"))
"""

from modstack.compat import BaseModule, dependency, module
from modstack.definition import ModuleDefinition, ModulePaths, Tier
from modstack.discovery import Discovery, discover, scan
from modstack.errors import (
    DefinitionError,
    DependencyCycleError,
    DiscoveryError,
    DuplicateModuleError,
    GraphError,
    ModstackError,
    ModuleError,
    ModuleNotFound,
    ModuleTreeError,
    TierViolationError,
    UnknownDependencyError,
    VersionConflictError,
)
from modstack.graph import check, resolve
from modstack.registry import Registry
from modstack.requirement import Requirement

__version__ = "0.1.0"

__all__ = [
    "BaseModule",
    "DefinitionError",
    "DependencyCycleError",
    "Discovery",
    "DiscoveryError",
    "DuplicateModuleError",
    "GraphError",
    "ModstackError",
    "ModuleDefinition",
    "ModuleError",
    "ModuleNotFound",
    "ModulePaths",
    "ModuleTreeError",
    "Registry",
    "Requirement",
    "Tier",
    "TierViolationError",
    "UnknownDependencyError",
    "VersionConflictError",
    "__version__",
    "check",
    "dependency",
    "discover",
    "module",
    "resolve",
    "scan",
]
