"""The storefront and vendor pages in a real headless Chromium (Debian's, driven by
Playwright): the clicks a shopper and a vendor make, against the demo server."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright import sync_api as playwright_api

from tests.browser import chromium
from tests.marketplace.conftest import Demo, free_port, run_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    running = run_demo(tmp_path_factory.mktemp("demo"), free_port())
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context()  # type: ignore[attr-defined]
    opened = context.new_page()
    yield opened
    context.close()


def vendor_password(demo: Demo, tenant: str) -> str:
    """The password the demo printed for ``tenant``'s vendor."""
    found = re.search(rf"^\s+{tenant}\s+\S+/vendor/signin\s+(\S+)\s+(\S+)$", demo.output, re.M)
    assert found is not None, demo.output
    return found.group(2)


def sign_in_as_vendor(p: playwright_api.Page, demo: Demo, path: str) -> None:
    """Open a vendor page of acme; the sign-in form comes first, then the page."""
    p.goto(f"{demo.url}/t/acme{path}")
    playwright_api.expect(p).to_have_url(re.compile(r"/t/acme/vendor/signin\?next="))
    p.get_by_label("E-mail").fill("vendor@acme.example")
    p.get_by_label("Password").fill(vendor_password(demo, "acme"))
    p.get_by_role("button", name="Sign in").click()
    playwright_api.expect(p).to_have_url(f"{demo.url}/t/acme{path}")


def test_a_shopper_adds_to_cart_checks_out_and_sees_the_order(demo: Demo, page: object) -> None:
    p: playwright_api.Page = page  # type: ignore[assignment]
    expect = playwright_api.expect
    p.goto(f"{demo.url}/t/acme/storefront/catalog")
    card = p.locator("article.product", has_text="Sleeping mat")
    card.get_by_role("button", name="Add to cart").click()
    expect(p.locator("#flash")).to_have_text("✓ 1")
    card.get_by_role("button", name="Add to cart").click()
    expect(p.locator("#flash")).to_have_text("✓ 2")

    p.get_by_role("link", name="Cart").click()
    row = p.locator("#cart tr[data-sku='ACME-MAT']")
    expect(row.locator(".quantity")).to_have_text("2")
    expect(p.locator("#cart-total")).to_have_text("90.00 EUR")
    p.locator("#to-checkout").click()

    p.get_by_label("Your name").fill("Browser Buyer")
    p.get_by_label("Your e-mail address").fill("browser@example.com")
    p.get_by_role("button", name="Pay and place the order").click()
    expect(p.locator("#order-number")).to_have_text(re.compile(r"^ACM-[0-9A-F]{8}$"))
    number = p.locator("#order-number").inner_text()

    p.locator("#see-orders").click()
    expect(p.locator(f"#orders tr[data-order='{number}']")).to_contain_text("2 \u00d7 Sleeping mat")
    sign_in_as_vendor(p, demo, "/vendor/stock")
    expect(p.locator("tr[data-sku='ACME-MAT'] .reserved")).to_have_text("2")
    for _ in range(50):  # the invoice follows the order through the outbox
        p.goto(f"{demo.url}/t/acme/vendor/invoices")
        if f"Order {number}" in p.locator("#invoices").inner_text():
            break
        p.wait_for_timeout(100)
    expect(p.locator("#invoices")).to_contain_text(f"Order {number}")


def test_a_failed_payment_is_explained_on_the_page(demo: Demo, page: object) -> None:
    import httpx2 as httpx

    p: playwright_api.Page = page  # type: ignore[assignment]
    token = demo.output.split("admin token", 1)[1].split()[0]
    switch = f"{demo.url}/t/acme/api/v1/admin/payments/gateway"
    auth = {"Authorization": f"Bearer {token}"}
    p.goto(f"{demo.url}/t/acme/storefront/catalog")
    p.locator("article.product", has_text="Enamel mug").get_by_role("button").click()
    playwright_api.expect(p.locator("#flash")).to_have_text("✓ 1")
    httpx.put(switch, json={"mode": "fail"}, headers=auth).raise_for_status()
    try:
        p.goto(f"{demo.url}/t/acme/storefront/checkout")
        p.get_by_label("Your name").fill("Unlucky")
        p.get_by_label("Your e-mail address").fill("unlucky@example.com")
        p.get_by_role("button", name="Pay and place the order").click()
        error = p.locator("#checkout-error")
        playwright_api.expect(error).to_contain_text("nothing was charged and no order was created")
        playwright_api.expect(p.locator("#checkout-result")).to_be_hidden()
    finally:
        httpx.put(switch, json={"mode": "ok"}, headers=auth).raise_for_status()


def test_a_vendor_adjusts_stock_and_adds_a_product(demo: Demo, page: object) -> None:
    p: playwright_api.Page = page  # type: ignore[assignment]
    expect = playwright_api.expect
    sign_in_as_vendor(p, demo, "/vendor/stock")
    p.get_by_label("SKU").fill("ACME-KNIFE")
    p.get_by_label("Change").fill("5")
    p.get_by_role("button", name="Save").click()
    expect(p.locator("tr[data-sku='ACME-KNIFE'] .on-hand")).to_have_text("7")
    p.get_by_label("SKU").fill("ACME-KNIFE")  # the page reloaded after the first change
    p.get_by_label("Change").fill("-100")
    p.get_by_role("button", name="Save").click()
    expect(p.locator("#stock-error")).to_contain_text("would be fewer than the 0 reserved")

    p.goto(f"{demo.url}/t/acme/vendor/products")
    p.get_by_label("SKU").fill("ACME-FLASK")
    p.get_by_label("Name").fill("Hip flask")
    p.get_by_label("Price (EUR)").fill("19.90")
    p.get_by_role("button", name="Save").click()
    expect(p.locator("#products tr[data-sku='ACME-FLASK']")).to_contain_text("19.90 EUR")
    p.goto(f"{demo.url}/t/acme/storefront/catalog?q=flask")
    expect(p.locator("article.product")).to_have_count(1)


def test_the_catalog_only_site_has_no_cart_and_speaks_german(demo: Demo, page: object) -> None:
    p: playwright_api.Page = page  # type: ignore[assignment]
    expect = playwright_api.expect
    p.goto(f"{demo.url}/t/bookworm/storefront/catalog?lang=de")
    expect(p.locator("article.product")).to_have_count(4)
    expect(p.get_by_role("button", name="In den Warenkorb")).to_have_count(0)
    expect(p.locator("header nav.storefront")).to_have_text("Katalog")
    answer = p.goto(f"{demo.url}/t/bookworm/storefront/cart")
    assert answer is not None
    assert answer.status == 403


def test_a_wrong_vendor_password_keeps_the_vendor_pages_closed(demo: Demo, page: object) -> None:
    p: playwright_api.Page = page  # type: ignore[assignment]
    p.goto(f"{demo.url}/t/acme/vendor/invoices")
    p.get_by_label("E-mail").fill("vendor@acme.example")
    p.get_by_label("Password").fill("not the password")
    p.get_by_role("button", name="Sign in").click()
    playwright_api.expect(p.get_by_role("alert")).to_have_text("Wrong e-mail or password.")
    answer = p.goto(f"{demo.url}/t/acme/vendor/invoices")
    assert answer is not None
    playwright_api.expect(p).to_have_url(re.compile(r"/t/acme/vendor/signin"))


def test_the_admin_signs_in_to_the_monitoring_page(demo: Demo, page: object) -> None:
    p: playwright_api.Page = page  # type: ignore[assignment]
    token = demo.output.split("admin token", 1)[1].split()[0]
    p.goto(f"{demo.url}/t/acme/admin/monitoring")
    playwright_api.expect(p).to_have_url(re.compile(r"/t/acme/admin/signin\?next="))
    p.get_by_label("Admin token").fill(token)
    p.get_by_role("button", name="Sign in").click()
    playwright_api.expect(p).to_have_url(f"{demo.url}/t/acme/admin/monitoring")
    assert "<main>" in p.content()
