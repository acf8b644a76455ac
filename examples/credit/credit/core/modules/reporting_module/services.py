"""Reports: each one SQL aggregate over the transactions and their ledger entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from credit.db import Database

from ..transactions_module.models import LedgerEntry, Transaction
from ..user_management.models import User
from ..wallet_module.models import Wallet


@dataclass(frozen=True, slots=True)
class UserTotals:
    """What went through one user's wallets, in cents."""

    user_id: int
    email: str
    deposited: int
    withdrawn: int
    sent: int
    received: int
    entries: int

    @property
    def net(self) -> int:
        """What the ledger says the user's balance is."""
        return self.deposited - self.withdrawn - self.sent + self.received


@dataclass(frozen=True, slots=True)
class DailyVolume:
    """One day's transactions of one kind."""

    day: date
    kind: str
    count: int
    total_cents: int


def _sum_when(condition: sa.ColumnElement[bool], value: sa.ColumnElement[int]) -> sa.Label[int]:
    return sa.func.coalesce(sa.func.sum(sa.case((condition, value), else_=0)), 0)  # type: ignore[return-value]


class Reports:
    """Aggregates per tenant."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def user_totals(self, tenant: str) -> list[UserTotals]:
        """Every user of the tenant with what was deposited, withdrawn, sent and received."""
        delta, kind = LedgerEntry.delta_cents, Transaction.kind
        query = (
            sa.select(
                User.id,
                User.email,
                _sum_when(kind == "deposit", delta),
                _sum_when(kind == "withdrawal", -delta),
                _sum_when(sa.and_(kind == "transfer", delta < 0), -delta),
                _sum_when(sa.and_(kind == "transfer", delta > 0), delta),
                sa.func.count(LedgerEntry.id),
            )
            .select_from(User)
            .outerjoin(Wallet, Wallet.user_id == User.id)
            .outerjoin(LedgerEntry, LedgerEntry.wallet_id == Wallet.id)
            .outerjoin(Transaction, Transaction.id == LedgerEntry.transaction_id)
            .where(User.tenant == tenant)
            .group_by(User.id, User.email)
            .order_by(User.id)
        )
        with self.database.read() as session:
            return [
                UserTotals(row[0], row[1], *(int(v) for v in row[2:]))
                for row in session.execute(query)
            ]

    def daily_volume(
        self, tenant: str, *, start: date | None = None, end: date | None = None
    ) -> list[DailyVolume]:
        """Per day and kind: how many transactions, and their sum; ``start``/``end``
        bound the days (both included)."""
        query = sa.select(
            Transaction.booked_on,
            Transaction.kind,
            sa.func.count(Transaction.id),
            sa.func.sum(Transaction.amount_cents),
        ).where(Transaction.tenant == tenant)
        if start is not None:
            query = query.where(Transaction.booked_on >= start)
        if end is not None:
            query = query.where(Transaction.booked_on <= end)
        query = query.group_by(Transaction.booked_on, Transaction.kind).order_by(
            Transaction.booked_on, Transaction.kind
        )
        with self.database.read() as session:
            return [
                DailyVolume(day, kind, int(count), int(total))
                for day, kind, count, total in session.execute(query)
            ]
