"""End-to-end flows per tenant, over HTTP: the full shop, the catalog-only site and the
billing-only platform."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi.testclient import TestClient

from app import db
from tests.marketplace.conftest import ADMIN, eventually, shopper, vendor

CUSTOMER = {"email": "ann@example.com", "name": "Ann Example"}
TABLES = (
    "carts",
    "cart_items",
    "orders",
    "order_lines",
    "payments",
    "stock_reservations",
    "invoices",
    "notifications",
    "checkout_attempts",
    "customers",
    "analytics_sales",
)


def counts() -> dict[str, int]:
    with db.read() as session:
        return {t: session.scalar(sa.text(f"SELECT count(*) FROM {t}")) or 0 for t in TABLES}


def product_id(client: TestClient, sku: str) -> int:
    products = client.get("/api/v1/storefront/catalog/products").json()
    return next(p["id"] for p in products if p["sku"] == sku)


def stock_of(client: TestClient, sku: str) -> dict[str, tuple[int, int]]:
    levels = client.get("/api/v1/vendor/inventory/stock").json()
    return {s["location"]: (s["on_hand"], s["reserved"]) for s in levels if s["sku"] == sku}


def test_a_customer_browses_adds_to_cart_and_checks_out(client: TestClient) -> None:
    acme = shopper(client, "acme")
    catalog = acme.get("/storefront/catalog")
    assert catalog.status_code == 200
    assert "Sleeping bag" in catalog.text
    assert "Add to cart" in catalog.text
    bag = product_id(acme, "ACME-BAG")
    assert acme.get(f"/api/v1/storefront/catalog/products/{bag}").json()["available"] == 25

    added = acme.post("/api/v1/storefront/cart/items", json={"product_id": bag, "quantity": 17})
    assert added.status_code == 201
    assert added.json()["total_cents"] == 17 * 8900
    placed = acme.post("/api/v1/storefront/checkout/", json=CUSTOMER)

    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert order["status"] == "paid"
    assert order["lines"] == [
        {"sku": "ACME-BAG", "name": "Sleeping bag", "quantity": 17, "unit_price_cents": 8900}
    ]
    mine = acme.get("/api/v1/storefront/orders/").json()  # the checkout's customer session
    assert [o["number"] for o in mine] == [order["number"]]
    # The stock is reserved, across both locations (main has 15).
    acme_vendor = vendor(client, "acme")
    assert stock_of(acme_vendor, "ACME-BAG") == {"main": (15, 15), "warehouse": (10, 2)}

    # The invoice, the notifications, the customer and the figures came by events.
    def invoiced() -> list[dict[str, object]]:
        found: list[dict[str, object]] = acme_vendor.get("/api/v1/vendor/billing/invoices").json()
        assert [i["source"] for i in found if i["kind"] == "order"] == [order["payment_reference"]]
        return found

    invoices = eventually(invoiced)
    assert invoices[0]["amount_cents"] == 17 * 8900
    notes = eventually(lambda: _notified(acme_vendor, 2))
    assert {n["key"] for n in notes} == {
        f"order-placed:{order['number']}",
        f"payment-captured:{order['payment_reference']}",
    }
    assert all(n["recipient"] == CUSTOMER["email"] for n in notes)
    customers = eventually(lambda: _nonempty(acme_vendor.get("/api/v1/vendor/customers/").json()))
    assert customers[0]["email"] == CUSTOMER["email"]
    assert customers[0]["orders"] == 1
    eventually(
        lambda: _equal(
            acme_vendor.get("/api/v1/vendor/analytics/sales").json()["revenue_cents"], 17 * 8900
        )
    )
    # The cart is empty afterwards; the pages show the order.
    assert acme.get("/api/v1/storefront/cart/").json()["items"] == []
    page = acme.get("/storefront/orders")
    assert order["number"] in page.text
    assert order["number"] in acme_vendor.get("/vendor/orders").text


def test_a_checkout_beyond_the_stock_is_refused_and_charges_nothing(client: TestClient) -> None:
    acme = shopper(client, "acme")
    knife = product_id(acme, "ACME-KNIFE")  # 2 in stock
    acme.post("/api/v1/storefront/cart/items", json={"product_id": knife, "quantity": 3})
    before = counts()
    gateway_before = acme.get("/api/v1/admin/payments/gateway", headers=ADMIN).json()

    refused = acme.post("/api/v1/storefront/checkout/", json=CUSTOMER)

    assert refused.status_code == 409
    assert refused.json()["code"] == "out_of_stock"
    assert refused.json()["shortages"] == {"ACME-KNIFE": 2}
    assert "nothing was charged" in refused.json()["detail"]
    after = counts()
    assert after == {**before, "checkout_attempts": before["checkout_attempts"] + 1}
    gateway = acme.get("/api/v1/admin/payments/gateway", headers=ADMIN).json()
    assert gateway["calls"] == gateway_before["calls"]


def test_a_tenant_without_checkout_gets_403_and_nothing_is_written(client: TestClient) -> None:
    bookworm = shopper(client, "bookworm")
    page = bookworm.get("/storefront/catalog")
    assert page.status_code == 200
    assert "Middlemarch" in page.text
    assert "Add to cart" not in page.text  # no cart module, no button
    book = product_id(bookworm, "BW-0002")
    before = counts()

    cart = bookworm.post("/api/v1/storefront/cart/items", json={"product_id": book})
    checkout = bookworm.post("/api/v1/storefront/checkout/", json=CUSTOMER)
    orders = bookworm.get("/api/v1/storefront/orders/")

    assert cart.status_code == checkout.status_code == orders.status_code == 403
    assert checkout.json() == {
        "code": "module_disabled",
        "module": "checkout",
        "tenant": "bookworm",
        "detail": "module 'checkout' is not enabled for tenant 'bookworm'",
    }
    assert bookworm.get("/storefront/cart").status_code == 403
    assert counts() == before


def test_the_billing_only_platform_sees_its_invoices_and_no_shop(client: TestClient) -> None:
    ledger = vendor(client, "ledger")
    invoices = ledger.get("/api/v1/vendor/billing/invoices").json()
    assert [i["description"] for i in invoices] == ["Starter plan, 2026-11"]
    assert "Starter plan, 2026-11" in ledger.get("/vendor/invoices").text
    assert ledger.get("/storefront/catalog").status_code == 403
    assert ledger.get("/api/v1/storefront/catalog/products").status_code == 403


def test_enabling_the_cart_for_a_tenant_takes_effect_without_a_restart(client: TestClient) -> None:
    bookworm = shopper(client, "bookworm")
    book = product_id(bookworm, "BW-0003")
    assert (
        bookworm.post("/api/v1/storefront/cart/items", json={"product_id": book}).status_code == 403
    )

    client.app.state.modstack.tenancy.enable("bookworm", "cart", actor="owner")  # type: ignore[attr-defined]

    added = bookworm.post("/api/v1/storefront/cart/items", json={"product_id": book})
    assert added.status_code == 201
    assert "Add to cart" in bookworm.get("/storefront/catalog").text


def test_pages_speak_the_visitors_language(client: TestClient) -> None:
    acme = shopper(client, "acme")
    german = acme.get("/storefront/catalog", params={"lang": "de"}).text
    assert "In den Warenkorb" in german
    assert "Warenkorb" in german
    by_header = acme.get("/storefront/cart", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert "Ihr Warenkorb ist leer." in by_header.text


def test_every_page_of_the_full_shop_renders(client: TestClient) -> None:
    acme_vendor = vendor(client, "acme")  # the vendor pages need acme's vendor
    admin = TestClient(client.app, base_url="http://testserver/t/acme", headers=ADMIN)
    for path in (
        "/storefront/catalog",
        "/storefront/catalog/1",
        "/storefront/cart",
        "/storefront/checkout",
        "/storefront/orders",
        "/storefront/pages/about",
        "/vendor/signin",
        "/vendor/dashboard",
        "/vendor/products",
        "/vendor/stock",
        "/vendor/orders",
        "/vendor/invoices",
        "/vendor/notifications",
        "/vendor/analytics",
        "/admin/monitoring",
        "/admin/components",
    ):
        response = (admin if path.startswith("/admin/") else acme_vendor).get(path)
        assert response.status_code == 200, (path, response.text[:300])
        assert "<main>" in response.text
    home = client.get("/")
    assert all(f"/t/{tenant}/storefront/catalog" in home.text for tenant in ("acme", "bookworm"))
    assert "/t/ledger/storefront/catalog" not in home.text  # ledger has no catalog


def _notified(client: TestClient, count: int) -> list[dict[str, object]]:
    notes: list[dict[str, object]] = client.get("/api/v1/vendor/messaging/notifications").json()
    assert len(notes) == count
    return notes


def _nonempty(items: list[dict[str, object]]) -> list[dict[str, object]]:
    assert items
    return items


def _equal(value: object, expected: object) -> None:
    assert value == expected
