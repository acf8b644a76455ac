"""The vocabulary a module definition is written in: tiers, folder parts, hook names."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields

HOOK_NAMES = ("on_startup", "on_shutdown", "on_enable", "on_disable", "health_check")


class Tier(enum.StrEnum):
    """How a module may be switched: always on, per tenant, or by admins only."""

    CORE = "core"
    OPTIONAL = "optional"
    INTERNAL = "internal"


@dataclass(frozen=True, slots=True)
class ModulePaths:
    """Where a module keeps each part, relative to its folder (defaults: DESIGN §2)."""

    config: str = "config.py"
    exceptions: str = "exceptions.py"
    services: str = "services"
    models: str = "models"
    schemas: str = "schemas"
    routes: str = "routes"
    templates: str = "templates"
    static: str = "static"
    locales: str = "locales"
    tasks: str = "tasks"
    migrations: str = "migrations/versions"


PATH_PARTS = tuple(f.name for f in fields(ModulePaths))
