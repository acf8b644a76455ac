"""audit_module: an audit row for every user change and money movement, written in the
same transaction as the change (so there is no change without its row)."""

from __future__ import annotations

from typing import Any

from credit.module import CreditModule


class AuditModule(CreditModule):
    """Audit trail and compliance."""

    NAME = "audit_module"
    DEPENDENCIES = ["connection_api"]
    TIER = "core"

    def start(self, app_manager: Any) -> bool:
        from .services import AuditTrail

        self.trail = AuditTrail(self.database)
        return True

    def register_routes(self, app: Any) -> None:
        """``/api/audit`` and the audit page."""
        from .routes import register

        register(app, self)
