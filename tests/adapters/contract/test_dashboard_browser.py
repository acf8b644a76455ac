"""The dashboard in a real headless Chromium, under each adapter's real server (uvicorn,
gunicorn): an operator signs in, opens a tenant, disables a module that another one
needs, confirms the change it shows, and signs out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright import sync_api as playwright_api

from tests.adapters.contract.adapters import Adapter
from tests.adapters.contract.conftest import ADMIN_TOKEN
from tests.adapters.contract.test_dashboard import REPORTS
from tests.adapters.trees import tree_with_module
from tests.browser import chromium
from tests.integration.servers import free_port, wait_for_port


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_api.Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def served(adapter: Adapter, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The adapter's contract tree plus ``reports`` (which needs ``notes``), served by its
    real server with one worker; tenant acme has both."""
    tree = tree_with_module(tmp_path, adapter.tree, "reports", {"definition.py": REPORTS})
    port = free_port()
    env = {**os.environ, "MODSTACK_MODULES": str(tree), "MODSTACK_ADMIN_TOKEN": ADMIN_TOKEN,
           "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'dashboard.db'}"}  # fmt: skip
    create = [sys.executable, "-m", "modstack", "tenants", "create", "acme",
              "-m", "notes", "-m", "reports", "--modules", str(tree)]  # fmt: skip
    subprocess.run(create, env=env, check=True, capture_output=True, timeout=120)
    server = subprocess.Popen(adapter.server(tmp_path, port, 1), env=env, cwd=tmp_path)
    try:
        wait_for_port(port, process=server)
        yield f"http://127.0.0.1:{port}", env
    finally:
        server.terminate()
        server.wait(30)


def test_an_operator_signs_in_and_disables_a_module_with_what_needs_it(
    browser: playwright_api.Browser, served: tuple[str, dict[str, str]]
) -> None:
    base, env = served
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{base}/admin/modstack")
        assert "/admin/signin" in page.url  # sent to sign in first
        page.fill("#token", ADMIN_TOKEN)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/admin/modstack")
        assert page.locator('tr[data-module="notes"] .state-active').inner_text() == "active"
        page.click('tr[data-tenant="acme"] a')
        page.wait_for_url(f"{base}/admin/modstack/tenants/acme")
        page.click('tr[data-module="notes"] button')
        assert page.locator('#also li[data-module="reports"]').count() == 1  # confirm first
        page.click("text=Disable all of them")
        page.wait_for_url(f"{base}/admin/modstack/tenants/acme?*")
        assert "Disabled:" in page.locator("[role=status]").inner_text()
        for code in ("notes", "reports"):
            assert page.locator(f'tr[data-module="{code}"] td.off').inner_text() == "no"
        status = subprocess.run(
            [sys.executable, "-m", "modstack", "status", "-t", "acme", "--json"],
            env=env, capture_output=True, text=True, timeout=120, check=True,
        )  # fmt: skip
        assert json.loads(status.stdout)["enabled"] == []  # stored, not only shown
        page.click("text=Sign out")
        page.goto(f"{base}/admin/modstack")
        assert "/admin/signin" in page.url  # signed out: the dashboard asks again
    finally:
        context.close()
