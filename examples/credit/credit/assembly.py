"""The credit system's services wired together without a web app: what the seeding
command, scripts and the domain tests use. (In the app, each module builds its own part
in ``initialize``.)"""

from __future__ import annotations

from dataclasses import dataclass

from credit.core.modules.audit_module.services import AuditTrail
from credit.core.modules.reporting_module.services import Reports
from credit.core.modules.transactions_module.services import Transactions
from credit.core.modules.user_management.services import UserDirectory
from credit.core.modules.wallet_module.services import Wallets
from credit.db import Database


@dataclass(frozen=True)
class CreditServices:
    """Every domain service of the credit system, over one database."""

    database: Database
    audit: AuditTrail
    users: UserDirectory
    wallets: Wallets
    transactions: Transactions
    reports: Reports


def build_services(database: Database) -> CreditServices:
    """Wire the services over ``database`` (the audit trail first: it listens)."""
    audit = AuditTrail(database)
    users = UserDirectory(database)
    wallets = Wallets(database, users)
    return CreditServices(
        database, audit, users, wallets, Transactions(database, wallets), Reports(database)
    )
