"""The reference marketplace on a real PostgreSQL server: every module's migrations from
empty with `modstack db upgrade`, the schema matching the models, the app booting on it,
and a checkout writing its order, reservation, invoice and notification."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from modstack.settings import ModstackSettings
from tests.marketplace.conftest import EXAMPLE, eventually, vendor

MODSTACK = str(Path(sys.executable).with_name("modstack"))


def _modstack(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")}
    return subprocess.run(
        [MODSTACK, *args], cwd=EXAMPLE, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_marketplace_migrates_boots_and_sells_on_postgres(pg_url: str) -> None:
    from app.main import build
    from app.seed import prepare

    upgraded = _modstack("db", "upgrade", "--modules", "app/modules", "--database", pg_url)
    assert upgraded.returncode == 0, upgraded.stderr
    checked = _modstack("db", "check", "--modules", "app/modules", "--database", pg_url)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert prepare(pg_url).seeded == ["acme", "bookworm", "ledger"]

    settings = ModstackSettings(database_url=pg_url, environment="test", _env_file=None)  # type: ignore[call-arg]
    app = build(settings)
    with TestClient(app, base_url="http://testserver/t/acme") as acme:
        assert {r.state.value for r in app.state.modstack.kernel.modules.values()} == {"active"}
        acme.post("/api/v1/storefront/cart/items", json={"product_id": 2, "quantity": 3})
        placed = acme.post(
            "/api/v1/storefront/checkout/", json={"email": "p@example.com", "name": "P"}
        )
        assert placed.status_code == 201, placed.text
        order = placed.json()
        acme_vendor = vendor(acme, "acme")
        assert acme.get("/api/v1/vendor/inventory/stock").status_code == 401  # not signed in
        stock = acme_vendor.get("/api/v1/vendor/inventory/stock").json()
        assert {(s["location"], s["reserved"]) for s in stock if s["sku"] == "ACME-BAG"} == {
            ("main", 3),
            ("warehouse", 0),
        }

        def invoiced() -> None:
            invoices = acme_vendor.get("/api/v1/vendor/billing/invoices").json()
            assert order["payment_reference"] in {i["source"] for i in invoices}

        eventually(invoiced)

        def notified() -> None:
            notes = acme_vendor.get("/api/v1/vendor/messaging/notifications").json()
            assert f"order-placed:{order['number']}" in {n["key"] for n in notes}

        eventually(notified)
