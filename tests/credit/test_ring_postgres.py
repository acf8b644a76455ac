"""Transfers around a ring of wallets from many threads at once, on PostgreSQL: every
transfer is atomic, the total is conserved, no balance goes below zero, nothing
deadlocks, and a request sent twice at the same moment (same idempotency key) is applied
once."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from credit.assembly import CreditServices, build_services
from credit.core.modules.transactions_module.services import Receipt
from credit.core.modules.wallet_module.services import InsufficientFundsError
from credit.db import Database
from modstack.registry import Registry
from tests.credit.conftest import migrate

LINKS = 8
TRANSFERS = 50
OPENING = 1_000


@pytest.fixture
def credit_pg(registry: Registry, pg_url: str) -> Iterator[CreditServices]:
    migrate(registry, pg_url)
    database = Database.from_url(pg_url)
    yield build_services(database)
    database.dispose()


def test_ring_transfers_conserve_the_total_and_apply_each_key_once(
    credit_pg: CreditServices,
) -> None:
    credit = credit_pg
    wallets = []
    for number in range(LINKS):
        user = credit.users.register("ring", f"u{number}@ring.test", f"U{number}")
        wallet = credit.wallets.open("ring", user.id)
        credit.transactions.deposit("ring", wallet.id, OPENING)
        wallets.append(wallet.id)
    # Two twin threads per link send the same requests (same keys, same amounts), so every
    # request is retried while the first copy may still be in flight.
    plans = {
        link: [
            (f"link{link}-{n}", random.Random(link * 1000 + n).randint(1, 300))
            for n in range(TRANSFERS)
        ]
        for link in range(LINKS)
    }
    receipts: dict[str, list[Receipt]] = {}
    refused: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(LINKS * 2)

    def run(link: int) -> None:
        source, target = wallets[link], wallets[(link + 1) % LINKS]
        start.wait()
        for key, amount in plans[link]:
            try:
                receipt = credit.transactions.transfer("ring", source, target, amount, key=key)
            except InsufficientFundsError:
                with lock:
                    refused.append(key)
                continue
            except BaseException as error:  # noqa: BLE001 - reported below
                with lock:
                    errors.append(error)
                return
            with lock:
                receipts.setdefault(key, []).append(receipt)

    threads = [threading.Thread(target=run, args=(link,)) for link in range(LINKS) for _ in "ab"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(receipts) > LINKS * TRANSFERS // 2  # most transfers went through
    found = credit.wallets.list("ring")
    assert sum(w.balance_cents for w in found) == LINKS * OPENING
    assert min(w.balance_cents for w in found) >= 0
    # Each key applied once: its receipts (one per twin that got one) name one transaction,
    # and the database has exactly one transfer per applied key.
    assert all(len({r.id for r in copies}) == 1 for copies in receipts.values())
    with credit.database.read() as session:
        stored = session.execute(
            sa.text(
                "SELECT idempotency_key, count(*) FROM credit_transactions "
                "WHERE kind = 'transfer' GROUP BY idempotency_key"
            )
        ).all()
        per_wallet = dict(
            session.execute(
                sa.text(
                    "SELECT wallet_id, sum(delta_cents) FROM credit_ledger_entries "
                    "GROUP BY wallet_id"
                )
            ).all()
        )
    assert dict(stored) == dict.fromkeys(receipts, 1)
    # The ledger explains every balance.
    assert {w.id: w.balance_cents for w in found} == {k: int(v) for k, v in per_wallet.items()}
    # Every amount moved is the planned one.
    planned = {key: amount for link in plans.values() for key, amount in link}
    assert all(copies[0].amount_cents == planned[key] for key, copies in receipts.items())
