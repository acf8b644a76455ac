"""user_management: the tenant's users — registration, look-up, updates (audited)."""

from __future__ import annotations

from typing import Any

from credit.module import CreditModule


class UserManagementModule(CreditModule):
    """User authentication & CRUD."""

    NAME = "user_management"
    DEPENDENCIES = ["connection_api"]
    TIER = "core"

    def start(self, app_manager: Any) -> bool:
        from .services import UserDirectory

        self.users = UserDirectory(self.database)
        return True

    def get_user_by_id(self, tenant: str, user_id: int) -> Any:
        """The user, or None (the seed's name, used by the other modules)."""
        return self.users.find(tenant, user_id)

    def register_routes(self, app: Any) -> None:
        """``/users`` pages and ``/api/users`` JSON."""
        from .routes import register

        register(app, self)
