"""Deposits, withdrawals and transfers. Each is one database transaction that locks the
wallets it touches (lowest id first), changes the balances through the wallet module's
guarded ``debit``/``credit``, writes the transaction and one ledger entry per wallet,
tells the audit trail, and records a :class:`MoneyMoved` event in the outbox. An
idempotency key makes a retried request return the first one's receipt instead of moving
the money again."""

from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from credit.db import Change, Database
from credit.errors import CreditError, NotFoundError, positive_cents
from modstack.events import record_event

from ..wallet_module.services import Wallets
from .events import MoneyMoved
from .models import LedgerEntry, Transaction
from .movement import (
    IdempotencyKeyReusedError,
    Movement,
    Receipt,
    StatementLine,
    by_key,
    checked_key,
    one_currency,
    owners_active,
    receipt_of,
    replay,
)

__all__ = ["IdempotencyKeyReusedError", "Receipt", "StatementLine", "Transactions"]


class Transactions:
    """Money movements of every tenant, and the ledger's queries."""

    def __init__(
        self,
        database: Database,
        wallets: Wallets,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.database = database
        self.wallets = wallets
        self.clock = clock

    def deposit(
        self,
        tenant: str,
        wallet_id: int,
        amount_cents: int,
        *,
        key: str | None = None,
        reference: str = "",
        actor: str = "system",
    ) -> Receipt:
        """Put money into a wallet."""
        return self._move(tenant, "deposit", None, wallet_id, amount_cents, key, reference, actor)

    def withdraw(
        self,
        tenant: str,
        wallet_id: int,
        amount_cents: int,
        *,
        key: str | None = None,
        reference: str = "",
        actor: str = "system",
    ) -> Receipt:
        """Take money out of a wallet; InsufficientFundsError when it does not cover it."""
        return self._move(
            tenant, "withdrawal", wallet_id, None, amount_cents, key, reference, actor
        )

    def transfer(
        self,
        tenant: str,
        source_wallet_id: int,
        target_wallet_id: int,
        amount_cents: int,
        *,
        key: str | None = None,
        reference: str = "",
        actor: str = "system",
    ) -> Receipt:
        """Move money between two wallets of one tenant and currency, atomically;
        InsufficientFundsError when the source does not cover it."""
        if source_wallet_id == target_wallet_id:
            raise CreditError("a transfer needs two different wallets", field="target_wallet_id")
        return self._move(
            tenant,
            "transfer",
            source_wallet_id,
            target_wallet_id,
            amount_cents,
            key,
            reference,
            actor,
        )

    # -- queries -------------------------------------------------------------------------

    def get(self, tenant: str, transaction_id: int) -> Receipt:
        """One transaction; NotFoundError when the tenant has no such transaction."""
        with self.database.read() as session:
            row = session.get(Transaction, transaction_id)
            if row is None or row.tenant != tenant:
                raise NotFoundError(
                    f"transaction {transaction_id} not found", field="transaction_id"
                )
            return receipt_of(row)

    def recent(self, tenant: str, limit: int = 50) -> list[Receipt]:
        """The tenant's newest transactions first."""
        with self.database.read() as session:
            rows = session.scalars(
                sa.select(Transaction)
                .where(Transaction.tenant == tenant)
                .order_by(Transaction.id.desc())
                .limit(limit)
            )
            return [receipt_of(r) for r in rows]

    def statement(self, tenant: str, wallet_id: int) -> list[StatementLine]:
        """A wallet's ledger entries, oldest first, each with the balance after it."""
        self.wallets.get(tenant, wallet_id)
        with self.database.read() as session:
            rows = session.execute(
                sa.select(
                    Transaction.id,
                    Transaction.kind,
                    LedgerEntry.delta_cents,
                    LedgerEntry.balance_after_cents,
                    Transaction.reference,
                    Transaction.booked_on,
                )
                .join(Transaction, Transaction.id == LedgerEntry.transaction_id)
                .where(LedgerEntry.wallet_id == wallet_id)
                .order_by(LedgerEntry.id)
            ).all()
            return [StatementLine(*row) for row in rows]

    # -- the one way money moves ---------------------------------------------------------

    def _move(
        self,
        tenant: str,
        kind: str,
        source: int | None,
        target: int | None,
        amount: int,
        key: str | None,
        reference: str,
        actor: str,
    ) -> Receipt:
        if not isinstance(reference, str) or len(reference) > 200:
            raise CreditError("reference must be text of at most 200 characters", field="reference")
        move = Movement(
            tenant, kind, source, target, positive_cents(amount), checked_key(key), reference, actor
        )
        try:
            with self.database.write() as session:
                return self._apply(session, move)
        except IntegrityError:
            if move.key is None:
                raise
            # Another request with this key committed between our look-up and our insert.
            with self.database.read() as session:
                earlier = by_key(session, tenant, move.key)
                if earlier is None:
                    raise
                return replay(earlier, move)

    def _apply(self, session: Session, move: Movement) -> Receipt:
        locked = self.wallets.lock(session, move.tenant, move.wallets)
        if move.key is not None:
            earlier = by_key(session, move.tenant, move.key)
            if earlier is not None:
                return replay(earlier, move)
        currency = one_currency(locked.values())
        owners_active(session, locked.values())
        balances: dict[int, int] = {}
        if move.source is not None:
            balances[move.source] = self.wallets.debit(session, move.source, move.amount)
        if move.target is not None:
            balances[move.target] = self.wallets.credit(session, move.target, move.amount)
        row = self._book(session, move, currency, balances)
        after = {str(w): b for w, b in balances.items()}
        self.database.changed(
            session,
            Change(
                move.tenant,
                f"money.{move.kind}",
                f"transaction:{row.id}",
                move.actor,
                {
                    "amount_cents": move.amount,
                    "currency": currency,
                    "source_wallet_id": move.source,
                    "target_wallet_id": move.target,
                    "balances_after": after,
                },
            ),
        )
        owner = {w.id: w.user_id for w in locked.values()}
        record_event(
            session.connection(),
            MoneyMoved(
                move.tenant,
                row.id,
                move.kind,
                move.amount,
                currency,
                owner.get(move.source or 0),
                owner.get(move.target or 0),
            ),
        )
        return receipt_of(row)

    def _book(
        self, session: Session, move: Movement, currency: str, balances: dict[int, int]
    ) -> Transaction:
        """Write the transaction and one ledger entry per wallet it changed."""
        now = self.clock()
        row = Transaction(
            tenant=move.tenant,
            kind=move.kind,
            amount_cents=move.amount,
            currency=currency,
            source_wallet_id=move.source,
            target_wallet_id=move.target,
            idempotency_key=move.key,
            reference=move.reference,
            actor=move.actor,
            booked_on=now.date(),
            created_at=now,
        )
        session.add(row)
        session.flush()
        for wallet_id, after in balances.items():
            delta = -move.amount if wallet_id == move.source else move.amount
            session.add(
                LedgerEntry(
                    transaction_id=row.id,
                    wallet_id=wallet_id,
                    delta_cents=delta,
                    balance_after_cents=after,
                )
            )
        session.flush()
        return row
