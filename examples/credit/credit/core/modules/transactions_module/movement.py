"""A request to move money, checked, and what answers it: the receipt, or a refusal
(a reused idempotency key, mixed currencies, a suspended owner)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from credit.errors import ConflictError, CreditError

from ..user_management.models import User
from ..wallet_module.services import WalletView
from .models import Transaction


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


def receipt_of(row: Transaction, *, replayed: bool = False) -> Receipt:
    """The receipt for a stored transaction."""
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


@dataclass(frozen=True, slots=True)
class Movement:
    """One checked request to move money."""

    tenant: str
    kind: str
    source: int | None
    target: int | None
    amount: int
    key: str | None
    reference: str
    actor: str

    @property
    def wallets(self) -> list[int]:
        """The wallets it touches."""
        return [w for w in (self.source, self.target) if w is not None]

    @property
    def request(self) -> tuple[str, int | None, int | None, int]:
        """What a retry with the same key must ask for again."""
        return (self.kind, self.source, self.target, self.amount)


def checked_key(key: object) -> str | None:
    """The idempotency key, or None; CreditError when it is not 1-100 printable characters."""
    if key is None:
        return None
    if not isinstance(key, str) or not 1 <= len(key) <= 100 or not key.isprintable():
        raise CreditError(
            "idempotency key must be 1 to 100 printable characters", field="idempotency_key"
        )
    return key


def by_key(session: Session, tenant: str, key: str) -> Transaction | None:
    """The tenant's transaction stored under ``key``, if any."""
    return session.scalar(
        sa.select(Transaction).where(
            Transaction.tenant == tenant, Transaction.idempotency_key == key
        )
    )


def replay(earlier: Transaction, move: Movement) -> Receipt:
    """The first request's receipt for a retry; IdempotencyKeyReusedError when the key
    was used for a different request."""
    stored = (
        earlier.kind,
        earlier.source_wallet_id,
        earlier.target_wallet_id,
        earlier.amount_cents,
    )
    if stored != move.request:
        raise IdempotencyKeyReusedError(
            f"idempotency key {earlier.idempotency_key!r} was used for transaction "
            f"{earlier.id}, a different request",
            field="idempotency_key",
        )
    return receipt_of(earlier, replayed=True)


def one_currency(wallets: Iterable[WalletView]) -> str:
    """The one currency of the wallets; CreditError when they differ."""
    currencies = {w.currency for w in wallets}
    if len(currencies) != 1:
        raise CreditError("a transfer needs two wallets of one currency", field="target_wallet_id")
    return currencies.pop()


def owners_active(session: Session, wallets: Iterable[WalletView]) -> None:
    """ConflictError when an owner of the wallets is suspended."""
    owners = {w.user_id for w in wallets}
    inactive = session.scalars(
        sa.select(User.id).where(User.id.in_(owners), User.status != "active")
    ).all()
    if inactive:
        raise ConflictError(f"user {inactive[0]} is suspended", field="wallet_id")
