"""wallet_module: credit balances. Every change of a balance goes through its guarded
``debit`` and ``credit``: a balance never goes below zero."""

from __future__ import annotations

from typing import Any

from credit.module import CreditModule


class WalletModule(CreditModule):
    """Credit balance management."""

    NAME = "wallet_module"
    DEPENDENCIES = ["connection_api", "user_management"]
    TIER = "core"

    def start(self, app_manager: Any) -> bool:
        from .services import Wallets

        self.user_management = self.dependency("user_management")
        self.wallets = Wallets(self.database, self.user_management.users)
        return True

    def get_user_balance(self, tenant: str, user_id: int) -> int:
        """The user's balance in cents (the seed's name); NotFoundError for an unknown user."""
        self.user_management.users.get(tenant, user_id)
        return sum(w.balance_cents for w in self.wallets.of_user(tenant, user_id))

    def register_routes(self, app: Any) -> None:
        """``/wallet/balance/<user_id>``, ``/api/wallets``, and the wallets page."""
        from .routes import register

        register(app, self)
