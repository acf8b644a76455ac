"""The demo's data: two banks (tenants) with different module sets, their customers,
wallets, deposits and a few transfers. ``prepare(url)`` brings a database up to date and
seeds it once."""

from __future__ import annotations

from dataclasses import dataclass

import modstack
from credit.db import Database
from modstack.migrations import Migrations
from modstack.registry import Registry
from modstack.tenancy import connect

MODULES = "credit.core.modules"
"""The package the modules are found in."""


@dataclass(frozen=True)
class Bank:
    """One demo tenant: its name, the optional modules it runs, its customers."""

    name: str
    modules: tuple[str, ...]
    customers: tuple[tuple[str, str, int], ...]
    """(e-mail, name, opening deposit in cents)."""


TENANTS: dict[str, Bank] = {
    "northbank": Bank(
        name="Northbank Credit Union",
        modules=("notification_module", "reporting_module", "integration_module"),
        customers=(
            ("ann@northbank.test", "Ann Archer", 50_000),
            ("bob@northbank.test", "Bob Baker", 20_000),
            ("cy@northbank.test", "Cy Cooper", 5_000),
        ),
    ),
    "lakeside": Bank(
        name="Lakeside Savings",
        modules=("reporting_module",),
        customers=(
            ("dee@lakeside.test", "Dee Dunn", 12_000),
            ("eli@lakeside.test", "Eli Evans", 3_000),
        ),
    ),
}
"""Every module with e-mail and exchange rates; the core and reports only."""


def registry() -> Registry:
    """The credit system's modules, found by scanning :data:`MODULES`. Raises
    ModuleTreeError listing every problem."""
    return modstack.resolve(modstack.scan(packages=[MODULES]).raise_for_problems())


def prepare(url: str) -> Registry:
    """Migrate the database at ``url`` (every module, in load order), create the tenants
    and seed them when the database has no users yet. Returns the registry."""
    modules = registry()
    migrations = Migrations(modules, url)
    try:
        migrations.upgrade()
    finally:
        migrations.dispose()
    tenancy = connect(modules, database=url, redis_url="", notifier="in-process")
    try:
        known = {t.tenant for t in tenancy.tenants()}
        for code, bank in TENANTS.items():
            if code not in known:
                tenancy.create_tenant(code, modules=list(bank.modules), reason="demo data")
    finally:
        tenancy.close()
        tenancy.store.dispose()
    database = Database.from_url(url)
    try:
        _seed(database)
    finally:
        database.dispose()
    return modules


def _seed(database: Database) -> None:
    from credit.assembly import build_services

    services = build_services(database)
    users, wallets, transactions = services.users, services.wallets, services.transactions
    if any(users.list(code) for code in TENANTS):
        return
    for code, bank in TENANTS.items():
        opened = []
        for email, name, opening in bank.customers:
            user = users.register(code, email, name, actor="seed")
            wallet = wallets.open(code, user.id, actor="seed")
            transactions.deposit(
                code, wallet.id, opening, reference="opening deposit", actor="seed"
            )
            opened.append(wallet)
        transactions.transfer(
            code, opened[0].id, opened[1].id, 1_500, reference="lunch", actor="seed"
        )


if __name__ == "__main__":
    import sys

    from modstack.settings import ModstackSettings

    target = sys.argv[1] if len(sys.argv) > 1 else ModstackSettings().database_url
    print(", ".join(prepare(target).order))
