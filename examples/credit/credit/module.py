"""What every credit module shares: the seed's ``initialize`` plumbing (dependencies from
``app_manager.module_manager``, the Flask app, the database ``connection_api`` owns) and
the seed's health report.

``app_manager`` is what the Flask adapter hands to ``initialize``. The modules read:
``flask_app``; ``module_manager.get_module(name)``; ``database_manager.engine`` (only
``connection_api``); and, when present, ``redis_manager``, ``outbox`` and ``services``.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from credit.db import Database
from credit.errors import CreditError
from modstack import BaseModule


class ModuleDependencyError(CreditError):
    """A module this one needs is not loaded (the seed's name)."""

    status = 503


class CreditModule(BaseModule):
    """A seed-style module of the credit system; subclasses set ``NAME``, ``DEPENDENCIES``
    and override :meth:`start` (what ``initialize`` does once dependencies are found)."""

    def initialize(self, app_manager: Any = None) -> bool:
        """Find the dependencies and the Flask app, then :meth:`start`; the seed's
        contract: False when something required is missing."""
        self.started_at = time.monotonic()
        self.app_manager = app_manager
        self.app = getattr(app_manager, "flask_app", None)
        self.redis = getattr(app_manager, "redis_manager", None)
        manager = getattr(app_manager, "module_manager", None)
        self.dependencies: dict[str, Any] = {}
        for name in self.DEPENDENCIES:
            found = manager.get_module(name) if manager is not None else None
            if found is None:
                return False
            self.dependencies[name] = found
        return self.start(app_manager) is not False

    def start(self, app_manager: Any) -> bool | None:
        """Build the module's services (override)."""
        return True

    def dependency(self, name: str) -> Any:
        """The initialised module ``name``; ModuleDependencyError when it is not loaded."""
        found = getattr(self, "dependencies", {}).get(name)
        if found is None:
            raise ModuleDependencyError(f"{self.NAME} needs {name}, which is not loaded")
        return found

    @property
    def database(self) -> Database:
        """The app's database, as ``connection_api`` holds it."""
        return self.dependency("connection_api").database  # type: ignore[no-any-return]

    def health_check(self) -> dict[str, Any]:
        """The seed's health report: status, database, dependencies, uptime."""
        now = datetime.now(UTC).isoformat()
        try:
            connected = self.database.is_connected()
            dependencies = {name: name in self.dependencies for name in self.DEPENDENCIES}
        except Exception as error:  # noqa: BLE001 - a health check reports, never raises
            return {"status": "error", "module": self.NAME, "error": str(error), "last_check": now}
        healthy = connected and all(dependencies.values())
        return {
            "status": "healthy" if healthy else "unhealthy",
            "module": self.NAME,
            "database_connection": connected,
            "dependencies": dependencies,
            "last_check": now,
            "uptime": round(time.monotonic() - self.started_at, 3),
        }
