"""Vendors: adding one that exists answers 409; e-mail addresses are stored in lower case
(signing in ignores their case); a vendor adds products only under its own code."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError

from app import db
from app.modules.catalog.models import Product
from app.modules.tenancy.models import Vendor
from app.seed import vendor_email
from tests.marketplace.conftest import ADMIN, vendor

VENDORS = "/t/acme/api/v1/admin/tenancy/vendors"


def test_adding_a_vendor_whose_code_or_email_exists_answers_409(client: TestClient) -> None:
    same_code = client.post(
        VENDORS,
        json={"code": "acme-main", "name": "Again", "email": "again@acme.example"},
        headers=ADMIN,
    )
    same_email = client.post(
        VENDORS,
        json={"code": "acme-second", "name": "Again", "email": vendor_email("acme").upper()},
        headers=ADMIN,
    )

    assert same_code.status_code == 409, same_code.text
    assert (
        same_code.json()["detail"] == "platform 'acme' has a vendor with code 'acme-main' already"
    )
    assert same_email.status_code == 409, same_email.text
    assert "e-mail 'vendor@acme.example'" in same_email.json()["detail"]


def test_a_vendors_email_is_stored_in_lower_case_and_signs_in_in_any_case(
    client: TestClient,
) -> None:
    added = client.post(
        VENDORS,
        json={"code": "acme-tools", "name": "Tools", "email": "Tools@ACME.example"},
        headers=ADMIN,
    )
    assert added.status_code == 201, added.text
    assert added.json()["email"] == "tools@acme.example"
    with db.write() as session:
        directory = client.app.state.modstack.services.get_service("vendors")  # type: ignore[attr-defined]
        directory.set_password(session, "acme", "TOOLS@acme.example", "tools-password")

    signed_in = client.post(
        "/t/acme/api/v1/vendor/tenancy/token",
        json={"email": "tOOls@Acme.Example", "password": "tools-password"},
    )
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["vendor"] == "acme-tools"


def test_a_vendor_cannot_add_a_product_for_another_vendor(client: TestClient) -> None:
    acme = vendor(client, "acme")
    theirs = acme.post(
        "/api/v1/vendor/catalog/products",
        json={"sku": "ACME-FAKE", "name": "Fake", "price_cents": 100, "vendor": "other-vendor"},
    )
    mine = acme.post(
        "/api/v1/vendor/catalog/products",
        json={"sku": "ACME-REAL", "name": "Real", "price_cents": 100},
    )

    assert theirs.status_code == 403, theirs.text
    assert mine.status_code == 201, mine.text
    assert mine.json()["vendor"] == "acme-main"
    with db.read() as session:
        skus = dict(session.execute(sa.select(Product.sku, Product.vendor)).all())
    assert "ACME-FAKE" not in skus
    assert skus["ACME-REAL"] == "acme-main"


def test_the_database_keeps_one_vendor_per_email_on_a_platform(client: TestClient) -> None:
    """Two requests adding the same address at once both pass the service's check; the
    unique constraint (tenancy_003) lets only one of them commit."""

    def row(code: str, tenant: str = "acme") -> Vendor:
        return Vendor(
            tenant=tenant,
            code=code,
            name=code,
            email="twice@acme.example",
            created_at=datetime.now(UTC),
        )

    with db.write() as session:
        session.add(row("acme-first"))
        session.add(row("bookworm-first", tenant="bookworm"))  # another platform: fine
    with pytest.raises(IntegrityError), db.write() as session:
        session.add(row("acme-second"))
    with db.read() as session:
        codes = session.scalars(
            sa.select(Vendor.code).where(Vendor.email == "twice@acme.example")
        ).all()
    assert sorted(codes) == ["acme-first", "bookworm-first"]
