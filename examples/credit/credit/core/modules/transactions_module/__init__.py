"""transactions_module: deposits, withdrawals and transfers, each one transaction with a
ledger row per wallet it touched, an audit row and an outbox event; and the ledger's
queries."""

from __future__ import annotations

from typing import Any

from credit.module import CreditModule


class TransactionsModule(CreditModule):
    """Transaction processing."""

    NAME = "transactions_module"
    DEPENDENCIES = ["connection_api", "user_management", "wallet_module"]
    TIER = "core"

    def start(self, app_manager: Any) -> bool:
        from .services import Transactions

        self.outbox = getattr(app_manager, "outbox", None)
        self.transactions = Transactions(self.database, self.dependency("wallet_module").wallets)
        return True

    def deliver_events(self) -> None:
        """Have the outbox deliver what was just committed, without waiting for its round."""
        if self.outbox is not None:
            self.outbox.deliver(wait=False)

    def register_routes(self, app: Any) -> None:
        """``/wallet/deposit``, ``/wallet/withdraw``, ``/wallet/transfer`` (the seed's
        URLs), ``/api/transactions`` and the statement page."""
        from .routes import register

        register(app, self)
