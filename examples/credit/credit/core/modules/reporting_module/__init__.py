"""reporting_module: SQL aggregates over the ledger — per-user totals, daily volume."""

from __future__ import annotations

from typing import Any

from credit.module import CreditModule


class ReportingModule(CreditModule):
    """Analytics and reporting."""

    NAME = "reporting_module"
    DEPENDENCIES = ["connection_api", "user_management", "wallet_module", "transactions_module"]
    TIER = "optional"

    def start(self, app_manager: Any) -> bool:
        from .services import Reports

        self.reports = Reports(self.database)
        return True

    def register_routes(self, app: Any) -> None:
        """``/api/reports/users``, ``/api/reports/daily`` and the reports page."""
        from .routes import register

        register(app, self)
