"""Whatever a caller sends as amounts, keys, e-mails and wallet ids, a refusal is a
CreditError naming the field, and the books still balance: no negative balance, and the
tenant's total is what was deposited minus what was withdrawn."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credit.assembly import CreditServices, build_services
from credit.db import Database
from credit.errors import CreditError
from modstack.registry import Registry
from tests.credit.conftest import migrate

amounts = st.one_of(
    st.integers(-10, 3_000),
    st.integers(),
    st.floats(),
    st.text(max_size=5),
    st.none(),
    st.booleans(),
)
keys = st.one_of(st.none(), st.sampled_from(["k1", "k2", "k3"]), st.text(max_size=120))
operations = st.lists(
    st.tuples(
        st.sampled_from(["deposit", "withdraw", "transfer"]),
        st.integers(0, 3),
        st.integers(0, 3),
        amounts,
        keys,
    ),
    max_size=12,
)


@pytest.fixture(scope="module")
def services(
    registry: Registry, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CreditServices]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'credit.db'}"
    migrate(registry, url)
    database = Database.from_url(url)
    yield build_services(database)
    database.dispose()


@settings(max_examples=150, deadline=None)
@given(ops=operations)
def test_any_sequence_of_requests_keeps_the_books_balanced(
    services: CreditServices, ops: list[tuple[str, int, int, Any, str | None]]
) -> None:
    tenant = f"t{uuid.uuid4().hex[:10]}"  # each example on a tenant of its own
    wallets = []
    for number in range(3):
        user = services.users.register(tenant, f"u{number}@fuzz.test", f"U{number}")
        wallets.append(services.wallets.open(tenant, user.id).id)
    wallets.append(10**9)  # a wallet that does not exist
    deposited = withdrawn = 0
    refusals: list[CreditError] = []
    ledger = services.transactions
    for kind, first, second, amount, key in ops:
        try:
            if kind == "deposit":
                receipt = ledger.deposit(tenant, wallets[first], amount, key=key)
            elif kind == "withdraw":
                receipt = ledger.withdraw(tenant, wallets[first], amount, key=key)
            else:
                receipt = ledger.transfer(tenant, wallets[first], wallets[second], amount, key=key)
        except CreditError as error:
            refusals.append(error)
            continue
        if not receipt.replayed:
            deposited += receipt.amount_cents if kind == "deposit" else 0
            withdrawn += receipt.amount_cents if kind == "withdraw" else 0
    balances = [w.balance_cents for w in services.wallets.list(tenant)]
    assert min(balances) >= 0
    assert sum(balances) == deposited - withdrawn
    assert all(error.field and error.message for error in refusals)


@settings(max_examples=150, deadline=None)
@given(email=st.text(max_size=60), name=st.text(max_size=130))
def test_registration_refuses_a_bad_email_or_name_by_field(
    services: CreditServices, email: str, name: str
) -> None:
    tenant = f"t{uuid.uuid4().hex[:10]}"
    try:
        user = services.users.register(tenant, email, name)
    except CreditError as error:
        refused: CreditError | None = error
    else:
        refused = None
    if refused is not None:
        assert refused.field in {"email", "name"}
        assert services.users.list(tenant) == []
    else:
        assert user.email == email.strip().lower()
        assert "@" in user.email
        assert 1 <= len(user.name) <= 120
