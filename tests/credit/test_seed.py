"""The demo data: two tenants with different module sets, seeded once, on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest

from credit.assembly import build_services
from credit.db import Database
from credit.seed import TENANTS, prepare
from modstack.tenancy import connect

CORE = {"connection_api", "user_management", "wallet_module", "transactions_module", "audit_module"}


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url


def test_prepare_makes_two_tenants_with_different_modules_and_seeds_them_once(
    empty_url: str,
) -> None:
    registry = prepare(empty_url)
    prepare(empty_url)  # a second run adds nothing
    tenancy = connect(registry, database=empty_url, redis_url="", notifier="in-process")
    try:
        assert tenancy.enabled_modules("northbank") == CORE | {
            "notification_module",
            "reporting_module",
            "integration_module",
        }
        assert tenancy.enabled_modules("lakeside") == CORE | {"reporting_module"}
    finally:
        tenancy.close()
        tenancy.store.dispose()
    database = Database.from_url(empty_url)
    credit = build_services(database)
    try:
        for code, bank in TENANTS.items():
            opening = sum(amount for _, _, amount in bank.customers)
            assert [u.email for u in credit.users.list(code)] == [c[0] for c in bank.customers]
            assert credit.wallets.total(code) == opening
            assert min(w.balance_cents for w in credit.wallets.list(code)) >= 0
    finally:
        database.dispose()
