"""Reports are SQL aggregates over the ledger; checked against sums worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

from credit.assembly import CreditServices
from credit.core.modules.reporting_module.services import DailyVolume
from credit.core.modules.transactions_module.services import Transactions


def test_per_user_totals_and_daily_volume_match_the_hand_computed_sums(
    credit: CreditServices,
) -> None:
    today = [datetime(2026, 3, 1, 9, 30, tzinfo=UTC)]
    ledger = Transactions(credit.database, credit.wallets, clock=lambda: today[0])
    ann_user = credit.users.register("north", "ann@north.test", "Ann")
    bob_user = credit.users.register("north", "bob@north.test", "Bob")
    credit.users.register("north", "cy@north.test", "Cy")  # no wallet, no movement
    ann = credit.wallets.open("north", ann_user.id).id
    bob = credit.wallets.open("north", bob_user.id).id
    # 1 March: Ann deposits 100.00 and 20.00, sends Bob 30.00; Bob withdraws 5.00.
    ledger.deposit("north", ann, 10_000)
    ledger.deposit("north", ann, 2_000)
    ledger.transfer("north", ann, bob, 3_000)
    ledger.withdraw("north", bob, 500)
    # 2 March: Bob sends Ann 10.00; Ann withdraws 40.00.
    today[0] = datetime(2026, 3, 2, 23, 59, tzinfo=UTC)
    ledger.transfer("north", bob, ann, 1_000)
    ledger.withdraw("north", ann, 4_000)
    # Another tenant's movements are not counted.
    [other] = [credit.users.register("lake", "dee@lake.test", "Dee")]
    ledger.deposit("lake", credit.wallets.open("lake", other.id).id, 99_999)

    totals = {t.email: t for t in credit.reports.user_totals("north")}
    ann_t, bob_t, cy_t = totals["ann@north.test"], totals["bob@north.test"], totals["cy@north.test"]
    assert (ann_t.deposited, ann_t.withdrawn, ann_t.sent, ann_t.received, ann_t.entries) == (
        12_000,
        4_000,
        3_000,
        1_000,
        5,
    )
    assert (bob_t.deposited, bob_t.withdrawn, bob_t.sent, bob_t.received, bob_t.entries) == (
        0,
        500,
        1_000,
        3_000,
        3,
    )
    assert (cy_t.deposited, cy_t.entries) == (0, 0)
    # The ledger's net is each wallet's balance: 120 - 40 - 30 + 10 = 60; 30 - 5 - 10 = 15.
    assert (ann_t.net, bob_t.net) == (6_000, 1_500)
    assert [w.balance_cents for w in credit.wallets.list("north")] == [6_000, 1_500]

    assert credit.reports.daily_volume("north") == [
        DailyVolume(date(2026, 3, 1), "deposit", 2, 12_000),
        DailyVolume(date(2026, 3, 1), "transfer", 1, 3_000),
        DailyVolume(date(2026, 3, 1), "withdrawal", 1, 500),
        DailyVolume(date(2026, 3, 2), "transfer", 1, 1_000),
        DailyVolume(date(2026, 3, 2), "withdrawal", 1, 4_000),
    ]
    assert credit.reports.daily_volume("north", start=date(2026, 3, 2)) == [
        DailyVolume(date(2026, 3, 2), "transfer", 1, 1_000),
        DailyVolume(date(2026, 3, 2), "withdrawal", 1, 4_000),
    ]
    assert credit.reports.daily_volume("north", end=date(2026, 2, 28)) == []
