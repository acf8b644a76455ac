"""The README's demo command, run as a user runs it (twice: the data stays), and every
module's migrations applied from empty by `modstack db upgrade`, with the app booting on
the result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx2 as httpx
from fastapi.testclient import TestClient

from app.main import build
from modstack.config.secrets import SecretBox
from modstack.settings import ModstackSettings
from tests.marketplace.conftest import EXAMPLE, free_port, run_demo

MODSTACK = str(Path(sys.executable).with_name("modstack"))


def modstack(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")}
    return subprocess.run(
        [MODSTACK, *args], cwd=EXAMPLE, env=env, capture_output=True, text=True, timeout=120
    )


def test_db_upgrade_applies_every_module_from_empty_and_the_app_boots(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"

    upgraded = modstack("db", "upgrade", "--modules", "app/modules", "--database", url)

    assert upgraded.returncode == 0, upgraded.stderr
    for code in (
        "core",
        "tenancy",
        "cms",
        "customers",
        "catalog",
        "inventory",
        "cart",
        "payments",
        "orders",
        "checkout",
        "billing",
        "messaging",
        "analytics",
        "marketplace",
    ):
        # tenancy_002/003: vendors' passwords, one vendor per e-mail address;
        # checkout_002: one checkout per cart
        head = {"tenancy": "003", "checkout": "002"}.get(code, "001")
        assert f"{code}: at {code}_{head}" in upgraded.stdout
    checked = modstack("db", "check", "--modules", "app/modules", "--database", url)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    app = build(ModstackSettings(database_url=url, environment="test", _env_file=None))  # type: ignore[call-arg]
    with TestClient(app) as client:
        stack = app.state.modstack
        assert {r.state.value for r in stack.kernel.modules.values()} == {"active"}
        stack.tenancy.create_tenant("fresh", modules=["checkout", "inventory"])
        assert client.get("/t/fresh/api/v1/storefront/catalog/products").status_code == 403
        assert client.get("/t/fresh/api/v1/storefront/cart/").json()["items"] == []
        assert client.get("/health").status_code == 200


def test_the_demo_serves_the_three_tenants_and_keeps_its_data(tmp_path: Path) -> None:
    port = free_port()
    first = run_demo(tmp_path, port)
    try:
        assert "seeded tenants: acme, bookworm, ledger" in first.output
        assert f"http://127.0.0.1:{port}/t/acme/storefront/catalog" in first.output
        token = (tmp_path / "admin-token").read_text().strip()
        assert f"admin token    {token}" in first.output
        password = json.loads((tmp_path / "vendor-passwords.json").read_text())["acme"]
        assert f"/t/acme/vendor/signin   vendor@acme.example   {password}" in first.output
        # The kept secret key can encrypt secret settings at rest (a Fernet key).
        box = SecretBox((tmp_path / "secret-key").read_text().strip())
        sealed = box.seal("a-secret", module="payments", field="key")
        assert "a-secret" not in str(sealed)
        assert box.open(sealed, module="payments", field="key") == "a-secret"
        home = httpx.get(f"{first.url}/")
        assert home.status_code == 200
        assert 'data-tenant="bookworm"' in home.text
        with httpx.Client(base_url=f"{first.url}/t/acme") as shop:
            shop.post("/api/v1/storefront/cart/items", json={"product_id": 1, "quantity": 1})
            placed = shop.post(
                "/api/v1/storefront/checkout/", json={"email": "d@example.com", "name": "D"}
            )
        assert placed.status_code == 201, placed.text
        admin = httpx.get(
            f"{first.url}/api/v1/admin/modstack/tenants",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert admin.status_code == 200
    finally:
        first.stop()

    second = run_demo(tmp_path, port)
    try:
        assert "kept tenants: acme, bookworm, ledger" in second.output
        assert f"admin token    {token}" in second.output
        customer = {"Authorization": f"Bearer {placed.json()['customer_token']}"}
        orders = httpx.get(f"{second.url}/t/acme/api/v1/storefront/orders/", headers=customer)
        assert [o["number"] for o in orders.json()] == [placed.json()["number"]]  # same key
        signed_in = httpx.post(
            f"{second.url}/t/acme/api/v1/vendor/tenancy/token",
            json={"email": "vendor@acme.example", "password": password},
        )
        assert signed_in.status_code == 200  # the printed credentials work
    finally:
        second.stop()
