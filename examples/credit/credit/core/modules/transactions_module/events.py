"""What transactions_module announces, through the outbox (so never lost)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MoneyMoved:
    """A deposit, withdrawal or transfer was committed."""

    tenant: str
    transaction_id: int
    kind: str
    amount_cents: int
    currency: str
    source_user_id: int | None
    target_user_id: int | None
