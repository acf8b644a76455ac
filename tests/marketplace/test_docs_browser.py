"""A tenant's Swagger UI in a real headless Chromium with every request off the demo's
own host refused, as on a machine without internet: the page renders the tenant's
operations, and "Try it out" reaches the tenant's route."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

from tests.browser import chromium
from tests.marketplace.conftest import Demo, free_port, run_demo


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    running = run_demo(tmp_path, free_port())
    yield running
    running.stop()


@pytest.fixture
def offline_page(demo: Demo) -> Iterator[tuple[playwright_api.Page, list[str]]]:
    refused: list[str] = []

    def only_the_demo(route: playwright_api.Route) -> None:
        if route.request.url.startswith(demo.url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    with chromium() as browser:
        page = browser.new_page()
        page.route("**/*", only_the_demo)
        yield page, refused


def test_a_tenants_swagger_ui_renders_and_tries_a_route_without_internet(
    demo: Demo, offline_page: tuple[playwright_api.Page, list[str]]
) -> None:
    page, refused = offline_page
    expect = playwright_api.expect

    page.goto(f"{demo.url}/t/acme/docs")

    expect(page.locator(".swagger-ui .servers")).to_contain_text("/t/acme")
    operation = page.locator(".opblock", has_text="/api/v1/storefront/catalog/products").first
    expect(operation).to_be_visible()
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(
        page.locator(".live-responses-table tr.response .response-col_status").first
    ).to_have_text("200")
    assert refused == []
