"""Deposits, withdrawals and transfers on SQLite and PostgreSQL: balances never go below
zero, a refused movement changes nothing, a retried request is not applied twice, and
every movement and user change has its audit row."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from credit.assembly import CreditServices
from credit.core.modules.transactions_module.services import IdempotencyKeyReusedError
from credit.core.modules.wallet_module.services import InsufficientFundsError
from credit.errors import ConflictError, CreditError, NotFoundError


def open_wallets(credit: CreditServices, tenant: str, *deposits: int) -> list[int]:
    ids = []
    for number, amount in enumerate(deposits):
        user = credit.users.register(tenant, f"user{number}@{tenant}.test", f"User {number}")
        wallet = credit.wallets.open(tenant, user.id)
        if amount:
            credit.transactions.deposit(tenant, wallet.id, amount)
        ids.append(wallet.id)
    return ids


def balances(credit: CreditServices, tenant: str) -> list[int]:
    return [w.balance_cents for w in credit.wallets.list(tenant)]


def test_deposit_withdraw_transfer_move_the_balances_and_write_a_ledger_entry_per_side(
    credit: CreditServices,
) -> None:
    ann, bob = open_wallets(credit, "north", 10_000, 0)
    credit.transactions.withdraw("north", ann, 2_500)
    receipt = credit.transactions.transfer("north", ann, bob, 3_000, reference="rent")
    assert balances(credit, "north") == [4_500, 3_000]
    assert (receipt.kind, receipt.amount_cents, receipt.currency) == ("transfer", 3_000, "EUR")
    lines = credit.transactions.statement("north", ann)
    assert [(line.kind, line.delta_cents, line.balance_after_cents) for line in lines] == [
        ("deposit", 10_000, 10_000),
        ("withdrawal", -2_500, 7_500),
        ("transfer", -3_000, 4_500),
    ]
    assert [
        (line.delta_cents, line.reference) for line in credit.transactions.statement("north", bob)
    ] == [(3_000, "rent")]


def test_a_movement_the_balance_does_not_cover_is_refused_and_changes_nothing(
    credit: CreditServices,
) -> None:
    ann, bob = open_wallets(credit, "north", 1_000, 0)
    with pytest.raises(InsufficientFundsError, match="does not cover"):
        credit.transactions.transfer("north", ann, bob, 1_001)
    with pytest.raises(InsufficientFundsError):
        credit.transactions.withdraw("north", bob, 1)
    assert balances(credit, "north") == [1_000, 0]
    assert len(credit.transactions.recent("north")) == 1  # the opening deposit only
    assert credit.audit.entries("north", subject="transaction:2") == []


def test_the_database_itself_refuses_a_negative_balance(credit: CreditServices) -> None:
    [ann] = open_wallets(credit, "north", 500)
    with pytest.raises(IntegrityError), credit.database.write() as session:
        session.execute(
            sa.text("UPDATE credit_wallets SET balance_cents = -1 WHERE id = :id"), {"id": ann}
        )
    assert balances(credit, "north") == [500]


def test_a_retried_request_with_the_same_key_is_not_applied_twice(
    credit: CreditServices,
) -> None:
    ann, bob = open_wallets(credit, "north", 10_000, 0)
    first = credit.transactions.transfer("north", ann, bob, 700, key="pay-42")
    again = credit.transactions.transfer("north", ann, bob, 700, key="pay-42")
    assert (again.id, again.replayed, first.replayed) == (first.id, True, False)
    assert balances(credit, "north") == [9_300, 700]
    with pytest.raises(IdempotencyKeyReusedError, match="pay-42"):
        credit.transactions.transfer("north", ann, bob, 800, key="pay-42")
    # Keys belong to a tenant: another tenant may use the same one.
    cy, dee = open_wallets(credit, "lake", 1_000, 0)
    assert not credit.transactions.transfer("lake", cy, dee, 10, key="pay-42").replayed


def test_a_tenant_cannot_touch_another_tenants_wallet(credit: CreditServices) -> None:
    [ann] = open_wallets(credit, "north", 1_000)
    [dee] = open_wallets(credit, "lake", 0)
    with pytest.raises(NotFoundError, match=f"wallet {ann} not found"):
        credit.transactions.transfer("lake", ann, dee, 100)
    with pytest.raises(NotFoundError):
        credit.transactions.transfer("north", ann, dee, 100)
    assert balances(credit, "north") == [1_000]
    assert balances(credit, "lake") == [0]


@pytest.mark.parametrize(
    ("amount", "field"),
    [
        (0, "amount_cents"),
        (-5, "amount_cents"),
        (1.5, "amount_cents"),
        ("10", "amount_cents"),
        (True, "amount_cents"),
    ],
)
def test_bad_amounts_are_refused_with_the_field_named(
    credit: CreditServices, amount: object, field: str
) -> None:
    ann, bob = open_wallets(credit, "north", 1_000, 0)
    with pytest.raises(CreditError) as refused:
        credit.transactions.transfer("north", ann, bob, amount)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert balances(credit, "north") == [1_000, 0]


def test_a_suspended_user_cannot_move_money(credit: CreditServices) -> None:
    ann, bob = open_wallets(credit, "north", 1_000, 0)
    owner = credit.wallets.get("north", bob).user_id
    credit.users.update("north", owner, status="suspended", actor="ops@north")
    with pytest.raises(ConflictError, match="suspended"):
        credit.transactions.transfer("north", ann, bob, 100)
    assert balances(credit, "north") == [1_000, 0]


def test_every_money_movement_and_user_change_has_an_audit_row(credit: CreditServices) -> None:
    ann, bob = open_wallets(credit, "north", 1_000, 0)
    owner = credit.wallets.get("north", ann).user_id
    credit.users.update("north", owner, name="Ann Archer", actor="ann@north")
    receipt = credit.transactions.transfer("north", ann, bob, 250, actor="ann@north")
    actions = [(e.action, e.subject) for e in reversed(credit.audit.entries("north"))]
    assert actions == [
        ("user.created", "user:1"),
        ("wallet.opened", f"wallet:{ann}"),
        ("money.deposit", "transaction:1"),
        ("user.created", "user:2"),
        ("wallet.opened", f"wallet:{bob}"),
        ("user.updated", f"user:{owner}"),
        ("money.transfer", f"transaction:{receipt.id}"),
    ]
    [transfer] = credit.audit.entries("north", subject=f"transaction:{receipt.id}")
    assert transfer.actor == "ann@north"
    assert transfer.details["balances_after"] == {str(ann): 750, str(bob): 250}
    [renamed] = credit.audit.entries("north", subject=f"user:{owner}")[:1]
    assert renamed.details == {"name": ["User 0", "Ann Archer"]}


def test_a_movement_whose_audit_row_cannot_be_written_does_not_happen(
    credit: CreditServices,
) -> None:
    ann, bob = open_wallets(credit, "north", 1_000, 0)

    def refuse(session: object, change: object) -> None:
        raise RuntimeError("audit store is full")

    credit.database.on_change(refuse)
    with pytest.raises(RuntimeError, match="audit store is full"):
        credit.transactions.transfer("north", ann, bob, 400)
    assert balances(credit, "north") == [1_000, 0]
    assert len(credit.transactions.recent("north")) == 1
