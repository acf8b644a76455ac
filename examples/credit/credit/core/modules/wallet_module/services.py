"""Wallets, and the two guarded steps every money movement is made of: ``debit`` (an
UPDATE that only matches while the balance covers the amount) and ``credit``. They run in
the caller's transaction, after :meth:`Wallets.lock` has locked the wallets involved in
one order (by id), so concurrent transfers queue instead of deadlocking."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from credit.db import Change, Database, money
from credit.errors import ConflictError, CreditError, NotFoundError

from ..user_management.services import UserDirectory
from .models import Wallet

CURRENCY = re.compile(r"[A-Z]{3}")


class InsufficientFundsError(CreditError):
    """The wallet's balance does not cover the amount; nothing was changed."""

    status = 409


@dataclass(frozen=True, slots=True)
class WalletView:
    """A wallet and its balance at the time it was read."""

    id: int
    tenant: str
    user_id: int
    currency: str
    balance_cents: int

    @property
    def balance(self) -> str:
        """The balance for people: ``12.50 EUR``."""
        return money(self.balance_cents, self.currency)


def _view(wallet: Wallet) -> WalletView:
    return WalletView(
        wallet.id, wallet.tenant, wallet.user_id, wallet.currency, wallet.balance_cents
    )


class Wallets:
    """Opening and reading wallets, and the guarded balance changes."""

    def __init__(self, database: Database, users: UserDirectory) -> None:
        self.database = database
        self.users = users

    def open(
        self, tenant: str, user_id: int, currency: str = "EUR", *, actor: str = "system"
    ) -> WalletView:
        """A new, empty wallet for an active user; ConflictError when the user has a
        wallet in that currency."""
        if not isinstance(currency, str) or not CURRENCY.fullmatch(currency):
            raise CreditError(
                f"currency must be three capital letters, not {currency!r}", field="currency"
            )
        owner = self.users.get(tenant, user_id)
        if not owner.is_active:
            raise ConflictError(f"user {user_id} is {owner.status}", field="user_id")
        with self.database.write() as session:
            taken = session.scalar(
                sa.select(Wallet.id).where(Wallet.user_id == user_id, Wallet.currency == currency)
            )
            if taken is not None:
                raise ConflictError(
                    f"user {user_id} has a {currency} wallet already", field="currency"
                )
            wallet = Wallet(
                tenant=tenant,
                user_id=user_id,
                currency=currency,
                balance_cents=0,
                created_at=datetime.now(UTC),
            )
            session.add(wallet)
            session.flush()
            self.database.changed(
                session,
                Change(
                    tenant,
                    "wallet.opened",
                    f"wallet:{wallet.id}",
                    actor,
                    {"user_id": user_id, "currency": currency},
                ),
            )
            return _view(wallet)

    def get(self, tenant: str, wallet_id: int) -> WalletView:
        """The wallet; NotFoundError when the tenant has no such wallet."""
        with self.database.read() as session:
            wallet = session.get(Wallet, wallet_id)
            if wallet is None or wallet.tenant != tenant:
                raise NotFoundError(f"wallet {wallet_id} not found", field="wallet_id")
            return _view(wallet)

    def of_user(self, tenant: str, user_id: int) -> list[WalletView]:
        """The user's wallets."""
        with self.database.read() as session:
            rows = session.scalars(
                sa.select(Wallet)
                .where(Wallet.tenant == tenant, Wallet.user_id == user_id)
                .order_by(Wallet.id)
            )
            return [_view(w) for w in rows]

    def list(self, tenant: str) -> list[WalletView]:
        """Every wallet of the tenant."""
        with self.database.read() as session:
            rows = session.scalars(
                sa.select(Wallet).where(Wallet.tenant == tenant).order_by(Wallet.id)
            )
            return [_view(w) for w in rows]

    def total(self, tenant: str) -> int:
        """The sum of the tenant's balances, in cents."""
        with self.database.read() as session:
            total = session.scalar(
                sa.select(sa.func.coalesce(sa.func.sum(Wallet.balance_cents), 0)).where(
                    Wallet.tenant == tenant
                )
            )
            return int(total or 0)

    # -- inside the caller's transaction -------------------------------------------------

    @staticmethod
    def lock(session: Session, tenant: str, wallet_ids: Iterable[int]) -> dict[int, WalletView]:
        """Lock the wallets (lowest id first, so two transfers between the same wallets
        queue rather than deadlock) and return them; NotFoundError when one is not the
        tenant's. On SQLite the write transaction holds the database's lock already."""
        wanted = sorted(set(wallet_ids))
        rows = session.execute(
            sa.select(Wallet.__table__)
            .where(Wallet.id.in_(wanted), Wallet.tenant == tenant)
            .order_by(Wallet.id)
            .with_for_update()
        ).all()
        found = {
            row.id: WalletView(row.id, row.tenant, row.user_id, row.currency, row.balance_cents)
            for row in rows
        }
        for wallet_id in wanted:
            if wallet_id not in found:
                raise NotFoundError(f"wallet {wallet_id} not found", field="wallet_id")
        return found

    @staticmethod
    def debit(session: Session, wallet_id: int, amount_cents: int) -> int:
        """Take ``amount_cents`` from the wallet and return the new balance; only while the
        balance covers it (InsufficientFundsError otherwise, nothing changed)."""
        table = Wallet.__table__
        balance = session.execute(
            sa.update(table)
            .where(table.c.id == wallet_id, table.c.balance_cents >= amount_cents)
            .values(balance_cents=table.c.balance_cents - amount_cents)
            .returning(table.c.balance_cents)
        ).scalar()
        if balance is None:
            raise InsufficientFundsError(
                f"wallet {wallet_id} does not cover {amount_cents} cents", field="amount_cents"
            )
        return int(balance)

    @staticmethod
    def credit(session: Session, wallet_id: int, amount_cents: int) -> int:
        """Add ``amount_cents`` to the wallet and return the new balance."""
        table = Wallet.__table__
        balance = session.execute(
            sa.update(table)
            .where(table.c.id == wallet_id)
            .values(balance_cents=table.c.balance_cents + amount_cents)
            .returning(table.c.balance_cents)
        ).scalar_one()
        return int(balance)
