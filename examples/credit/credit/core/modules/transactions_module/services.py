"""Deposits, withdrawals and transfers. Each is one database transaction that locks the
wallets it touches (lowest id first), changes the balances through the wallet module's
guarded ``debit``/``credit``, writes the transaction and one ledger entry per wallet,
tells the audit trail, and records a :class:`MoneyMoved` event in the outbox. An
idempotency key makes a retried request return the first one's receipt instead of moving
the money again."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from credit.db import Change, Database
from credit.errors import ConflictError, CreditError, NotFoundError, positive_cents
from modstack.events import record_event

from ..user_management.models import User
from ..wallet_module.services import Wallets, WalletView
from .events import MoneyMoved
from .models import LedgerEntry, Transaction


class IdempotencyKeyReusedError(ConflictError):
    """The key was used before for a different request."""


@dataclass(frozen=True, slots=True)
class Receipt:
    """A committed transaction; ``replayed`` when a retried request got the first one's."""

    id: int
    tenant: str
    kind: str
    amount_cents: int
    currency: str
    source_wallet_id: int | None
    target_wallet_id: int | None
    idempotency_key: str | None
    reference: str
    booked_on: date
    replayed: bool = False


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One ledger entry of a wallet, with the transaction it belongs to."""

    transaction_id: int
    kind: str
    delta_cents: int
    balance_after_cents: int
    reference: str
    booked_on: date


def _receipt(row: Transaction, *, replayed: bool = False) -> Receipt:
    return Receipt(
        row.id,
        row.tenant,
        row.kind,
        row.amount_cents,
        row.currency,
        row.source_wallet_id,
        row.target_wallet_id,
        row.idempotency_key,
        row.reference,
        row.booked_on,
        replayed,
    )


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
            return _receipt(row)

    def recent(self, tenant: str, limit: int = 50) -> list[Receipt]:
        """The tenant's newest transactions first."""
        with self.database.read() as session:
            rows = session.scalars(
                sa.select(Transaction)
                .where(Transaction.tenant == tenant)
                .order_by(Transaction.id.desc())
                .limit(limit)
            )
            return [_receipt(r) for r in rows]

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
        amount = positive_cents(amount)
        key = _key(key)
        if not isinstance(reference, str) or len(reference) > 200:
            raise CreditError("reference must be text of at most 200 characters", field="reference")
        request = (kind, source, target, amount)
        try:
            with self.database.write() as session:
                locked = self.wallets.lock(session, tenant, [w for w in (source, target) if w])
                if key is not None:
                    earlier = _by_key(session, tenant, key)
                    if earlier is not None:
                        return _replay(earlier, request)
                currency = _one_currency(locked.values())
                _owners_active(session, locked.values())
                balances: dict[int, int] = {}
                if source is not None:
                    balances[source] = self.wallets.debit(session, source, amount)
                if target is not None:
                    balances[target] = self.wallets.credit(session, target, amount)
                now = self.clock()
                row = Transaction(
                    tenant=tenant,
                    kind=kind,
                    amount_cents=amount,
                    currency=currency,
                    source_wallet_id=source,
                    target_wallet_id=target,
                    idempotency_key=key,
                    reference=reference,
                    actor=actor,
                    booked_on=now.date(),
                    created_at=now,
                )
                session.add(row)
                session.flush()
                for wallet_id, after in balances.items():
                    delta = -amount if wallet_id == source else amount
                    session.add(
                        LedgerEntry(
                            transaction_id=row.id,
                            wallet_id=wallet_id,
                            delta_cents=delta,
                            balance_after_cents=after,
                        )
                    )
                session.flush()
                self.database.changed(
                    session,
                    Change(
                        tenant,
                        f"money.{kind}",
                        f"transaction:{row.id}",
                        actor,
                        {
                            "amount_cents": amount,
                            "currency": currency,
                            "source_wallet_id": source,
                            "target_wallet_id": target,
                            "balances_after": {str(w): b for w, b in balances.items()},
                        },
                    ),
                )
                record_event(
                    session.connection(),
                    MoneyMoved(
                        tenant,
                        row.id,
                        kind,
                        amount,
                        currency,
                        locked[source].user_id if source else None,
                        locked[target].user_id if target else None,
                    ),
                )
                return _receipt(row)
        except IntegrityError:
            if key is None:
                raise
            # Another request with this key committed between our look-up and our insert.
            with self.database.read() as session:
                earlier = _by_key(session, tenant, key)
                if earlier is None:
                    raise
                return _replay(earlier, request)


def _key(key: object) -> str | None:
    if key is None:
        return None
    if not isinstance(key, str) or not 1 <= len(key) <= 100 or not key.isprintable():
        raise CreditError(
            "idempotency key must be 1 to 100 printable characters", field="idempotency_key"
        )
    return key


def _by_key(session: Session, tenant: str, key: str) -> Transaction | None:
    return session.scalar(
        sa.select(Transaction).where(
            Transaction.tenant == tenant, Transaction.idempotency_key == key
        )
    )


def _replay(earlier: Transaction, request: tuple[str, int | None, int | None, int]) -> Receipt:
    stored = (
        earlier.kind,
        earlier.source_wallet_id,
        earlier.target_wallet_id,
        earlier.amount_cents,
    )
    if stored != request:
        raise IdempotencyKeyReusedError(
            f"idempotency key {earlier.idempotency_key!r} was used for transaction "
            f"{earlier.id}, a different request",
            field="idempotency_key",
        )
    return _receipt(earlier, replayed=True)


def _one_currency(wallets: Iterable[WalletView]) -> str:
    currencies = {w.currency for w in wallets}
    if len(currencies) != 1:
        raise CreditError("a transfer needs two wallets of one currency", field="target_wallet_id")
    return currencies.pop()


def _owners_active(session: Session, wallets: Iterable[WalletView]) -> None:
    owners = {w.user_id for w in wallets}
    inactive = session.scalars(
        sa.select(User.id).where(User.id.in_(owners), User.status != "active")
    ).all()
    if inactive:
        raise ConflictError(f"user {inactive[0]} is suspended", field="wallet_id")
