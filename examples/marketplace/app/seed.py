"""The demo's data: three platforms with different module sets, a vendor each, products,
stock, content pages and plans. Run once, on an empty database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa

import modstack
from app import db
from app.main import MODULES
from app.modules.billing.services import Billing
from app.modules.catalog.schemas import ProductIn
from app.modules.catalog.services import ProductCatalog
from app.modules.cms.schemas import PageIn
from app.modules.cms.services import ContentPages
from app.modules.core.schemas import Profile
from app.modules.core.services import PlatformProfiles
from app.modules.inventory.services import StockService
from app.modules.tenancy.models import Vendor
from app.modules.tenancy.schemas import NewVendor
from app.modules.tenancy.services import VendorDirectory
from modstack.migrations import Migrations
from modstack.tenancy import TenancyService, connect


@dataclass(frozen=True)
class Platform:
    """One demo tenant: how it presents itself, the modules it runs, its billing plan."""

    name: str
    tagline: str
    modules: list[str]
    plan: str | None


TENANTS: dict[str, Platform] = {
    "acme": Platform(
        name="Acme Outfitters",
        tagline="Everything for a night outdoors.",
        modules=[
            "catalog",
            "inventory",
            "cart",
            "checkout",
            "orders",
            "payments",
            "billing",
            "messaging",
            "analytics",
            "marketplace",
            "monitoring",
            "dev-tools",
        ],
        plan="growth",
    ),
    "bookworm": Platform(
        name="Bookworm Books",
        tagline="A catalogue of second-hand books: browse here, buy in the shop.",
        modules=["catalog"],
        plan=None,
    ),
    "ledger": Platform(
        name="Ledger & Co.",
        tagline="Bookkeeping for small firms, billed monthly.",
        modules=["billing"],
        plan="starter",
    ),
}
"""Full shop; catalog only; billing only."""

PRODUCTS: dict[str, list[tuple[str, str, str, int, dict[str, int]]]] = {
    "acme": [
        (
            "ACME-TENT-1",
            "One-person tent",
            "Packs down to the size of a water bottle.",
            14900,
            {"main": 8},
        ),
        (
            "ACME-BAG",
            "Sleeping bag",
            "Comfortable down to -5 °C.",
            8900,
            {"main": 15, "warehouse": 10},
        ),
        ("ACME-MAT", "Sleeping mat", "Self-inflating, 5 cm thick.", 4500, {"main": 25}),
        ("ACME-PACK", "Backpack 45 l", "With a rain cover.", 12900, {"main": 6, "warehouse": 4}),
        ("ACME-MUG", "Enamel mug", "Classic, chip-resistant.", 990, {"main": 100}),
        ("ACME-KNIFE", "Pocket knife", "Seven tools.", 3450, {"main": 2}),
    ],
    "bookworm": [
        ("BW-0001", "The Hobbit (1966 paperback)", "Good condition, pencil marks.", 1200, {}),
        ("BW-0002", "Middlemarch", "Penguin Classics, as new.", 800, {}),
        ("BW-0003", "Gödel, Escher, Bach", "20th anniversary edition.", 1900, {}),
        ("BW-0004", "A Field Guide to Mushrooms", "With colour plates.", 1500, {}),
    ],
    "ledger": [],
}
PLANS = [("starter", "Starter", 1900), ("growth", "Growth", 4900), ("scale", "Scale", 14900)]
DEMO_PASSWORDS = {tenant: f"{tenant}-vendor-password" for tenant in TENANTS}
"""The vendors' passwords when none are given (tests, benchmarks); the demo command
makes random ones."""


def vendor_email(tenant: str) -> str:
    """The e-mail address the demo vendor of ``tenant`` signs in with."""
    return f"vendor@{tenant}.example"


def seed(tenancy: TenancyService, passwords: Mapping[str, str] | None = None) -> list[str]:
    """Create the demo's tenants and data, each tenant's vendor with its password from
    ``passwords`` (default :data:`DEMO_PASSWORDS`); returns the tenants created (none when
    the database already has tenants: a second run keeps what is there)."""
    passwords = passwords or DEMO_PASSWORDS
    if tenancy.store.tenants():
        _give_passwords_to_vendors_without(passwords)
        return []
    with db.write() as session:
        billing = Billing()
        for code, name, cents in PLANS:
            billing.add_plan(session, code, name, cents)
        for tenant, spec in TENANTS.items():
            PlatformProfiles().save(
                session,
                Profile(
                    tenant=tenant,
                    display_name=spec.name,
                    tagline=spec.tagline,
                    currency="EUR",
                ),
            )
            VendorDirectory().add(
                session,
                tenant,
                NewVendor(code=f"{tenant}-main", name=spec.name, email=vendor_email(tenant)),
            )
            VendorDirectory().set_password(session, tenant, vendor_email(tenant), passwords[tenant])
            ContentPages().save(
                session,
                tenant,
                "about",
                PageIn(
                    title=f"About {spec.name}",
                    body=f"{spec.tagline}\n\nRun on modstack: one app, many platforms.",
                ),
            )
            for sku, product, description, cents, stock in PRODUCTS[tenant]:
                ProductCatalog().add(
                    session,
                    tenant,
                    ProductIn(
                        sku=sku,
                        name=product,
                        description=description,
                        price_cents=cents,
                        vendor=f"{tenant}-main",
                    ),
                )
                for location, units in stock.items():
                    StockService().set_level(session, tenant, sku, location, units)
            if spec.plan:
                billing.subscribe(session, tenant, spec.plan)
                billing.bill_subscription(session, tenant, "2026-11", vendor_email(tenant))
        VendorDirectory().add_admin(session, "admin@wizamart.example", "Platform admin")
    for tenant, spec in TENANTS.items():
        tenancy.create_tenant(tenant, modules=spec.modules, reason="demo seed")
    return list(TENANTS)


def _give_passwords_to_vendors_without(passwords: Mapping[str, str]) -> None:
    """A database seeded before vendors signed in: its demo vendors get their password."""
    with db.write() as session:
        for tenant, password in passwords.items():
            vendor = session.scalars(
                sa.select(Vendor).where(
                    Vendor.tenant == tenant, Vendor.email == vendor_email(tenant)
                )
            ).first()
            if vendor is not None and vendor.password_hash is None:
                VendorDirectory().set_password(session, tenant, vendor.email, password)


@dataclass(frozen=True)
class Prepared:
    """What :func:`prepare` did."""

    upgraded: list[str]
    seeded: list[str]
    tenants: list[str]


def prepare(url: str, passwords: Mapping[str, str] | None = None) -> Prepared:
    """Bring the database at ``url`` up to date (every module's migrations, in load
    order) and seed it when it has no tenants yet (vendors' ``passwords`` by tenant)."""
    registry = modstack.resolve(modstack.discover(MODULES))
    migrations = Migrations(registry, url)
    try:
        upgraded = migrations.upgrade()
    finally:
        migrations.dispose()
    tenancy = connect(registry, database=url, redis_url="", notifier="in-process")
    try:
        db.use(tenancy.store.engine)
        seeded = seed(tenancy, passwords)
        tenants = [info.tenant for info in tenancy.store.tenants()]
    finally:
        tenancy.close()
        tenancy.store.dispose()
    return Prepared(upgraded, seeded, tenants)
