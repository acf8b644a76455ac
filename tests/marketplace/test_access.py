"""Who may use the marketplace's routes: a vendor only its own platform's vendor API and
pages, a customer only its own orders, the admin pages only the admin. Every refusal is
tested: no credential, a wrong one, a tampered or expired one, another tenant's."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.auth import CUSTOMER_COOKIE, VENDOR_COOKIE
from modstack.web.auth import Principal, SessionSigner
from tests.marketplace.conftest import (
    ADMIN,
    DEMO_PASSWORDS,
    TOKEN,
    shopper,
    vendor,
    vendor_email,
    vendor_token,
)

CUSTOMER = {"email": "ann@example.com", "name": "Ann Example"}
OPEN_VENDOR_ROUTES = {("POST", "/api/v1/vendor/tenancy/token")}
"""The one vendor API route that needs no vendor: signing in."""


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def browser(app: FastAPI, tenant: str = "acme") -> TestClient:
    return TestClient(app, base_url=f"http://testserver/t/{tenant}", follow_redirects=False)


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None, page[:500]
    return found.group(1)


def vendor_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path with every parameter filled) of every vendor API route mounted, as
    the full OpenAPI schema lists them."""
    paths = client.get("/openapi.json", headers=ADMIN).json()["paths"]
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path))
        for path, operations in paths.items()
        if path.startswith("/api/v1/vendor/")
        for method in operations
    ]


def test_an_anonymous_client_cannot_change_a_price(client: TestClient) -> None:
    acme = shopper(client, "acme")
    before = acme.get("/api/v1/storefront/catalog/products/1").json()["price_cents"]
    changed = acme.patch("/api/v1/vendor/catalog/products/1", json={"price_cents": 1})
    assert changed.status_code == 401
    assert changed.headers["www-authenticate"] == "Bearer"
    assert acme.get("/api/v1/storefront/catalog/products/1").json()["price_cents"] == before
    signed_in = vendor(client, "acme").patch(
        "/api/v1/vendor/catalog/products/1", json={"price_cents": before + 100}
    )
    assert signed_in.json()["price_cents"] == before + 100


def test_every_vendor_api_route_refuses_an_anonymous_client(client: TestClient) -> None:
    routes = vendor_routes(client)
    assert len(routes) >= 15  # every module's, whatever the tenant runs
    acme = shopper(client, "acme")
    for method, path in routes:
        if (method, path) in OPEN_VENDOR_ROUTES:
            continue
        answer = acme.request(method, path, json={})
        assert answer.status_code == 401, (method, path, answer.text)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/vendor/billing/invoices", "/api/v1/vendor/billing/subscription",
     "/api/v1/vendor/tenancy/vendors"],
)  # fmt: skip
def test_a_vendor_cannot_read_another_platforms_data(client: TestClient, path: str) -> None:
    acme_token = vendor_token(client, "acme")
    refused = client.get(f"/t/ledger{path}", headers=bearer(acme_token))
    assert refused.status_code == 403
    assert refused.json()["detail"] == "signed in as another platform's vendor"
    assert vendor(client, "ledger").get(path).status_code == 200


def test_acme_credentials_do_not_sign_in_at_another_platform(client: TestClient) -> None:
    refused = client.post(
        "/t/ledger/api/v1/vendor/tenancy/token",
        json={"email": vendor_email("acme"), "password": DEMO_PASSWORDS["acme"]},
    )
    assert refused.status_code == 401


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param({"email": "vendor@acme.example", "password": "wrong"}, id="wrong-password"),
        pytest.param({"email": "nobody@acme.example", "password": "x"}, id="unknown-vendor"),
        pytest.param({"email": "VENDOR@acme.example", "password": ""}, id="empty-password"),
    ],
)
def test_wrong_vendor_credentials_get_no_token(
    client: TestClient, credentials: dict[str, str]
) -> None:
    answer = client.post("/t/acme/api/v1/vendor/tenancy/token", json=credentials)
    assert answer.status_code in (401, 422)
    assert "token" not in answer.json()


def test_forged_expired_or_foreign_tokens_are_not_a_vendor(
    app: FastAPI, client: TestClient
) -> None:
    settings = app.state.modstack.settings
    good = vendor_token(client, "acme")
    body, _, mac = good.partition(".")
    vendor_signer = SessionSigner.for_settings(settings, "vendor")
    forged = {
        "admin-token": TOKEN,
        "tampered": body[:-1] + ("A" if body[-1] != "A" else "B") + "." + mac,
        "expired": vendor_signer.sign(Principal("acme-main", "vendor", time.time() - 1, "acme")),
        "other-key": SessionSigner(b"not the app's key", "vendor").sign(
            Principal("acme-main", "vendor", time.time() + 60, "acme")
        ),
        "customer-session": SessionSigner.for_settings(settings, "customer").sign(
            Principal("acme-main", "vendor", time.time() + 60, "acme")
        ),
    }
    for name, token in forged.items():
        answer = client.get("/t/acme/api/v1/vendor/billing/invoices", headers=bearer(token))
        assert answer.status_code == 401, name


def test_vendor_pages_send_a_browser_to_the_sign_in_form_and_back(app: FastAPI) -> None:
    with TestClient(app):
        acme = browser(app)
        away = acme.get("/vendor/dashboard", params={"lang": "de"})
        assert away.status_code == 303
        assert away.headers["location"] == (
            "/t/acme/vendor/signin?next=%2Ft%2Facme%2Fvendor%2Fdashboard%3Flang%3Dde"
        )
        form = acme.get("/vendor/signin", params={"next": "/t/acme/vendor/dashboard?lang=de"})
        signed_in = acme.post(
            "/vendor/signin",
            data={
                "email": vendor_email("acme"),
                "password": DEMO_PASSWORDS["acme"],
                "csrf": csrf_of(form.text),
                "next": "/t/acme/vendor/dashboard?lang=de",
            },
        )
        assert signed_in.status_code == 303
        assert signed_in.headers["location"] == "/t/acme/vendor/dashboard?lang=de"
        cookie = next(
            c for c in signed_in.headers.get_list("set-cookie") if c.startswith(VENDOR_COOKIE)
        )
        assert "HttpOnly" in cookie
        assert "SameSite=lax" in cookie
        assert "Path=/t/acme" in cookie
        assert acme.get("/vendor/dashboard").status_code == 200
        assert acme.get("/api/v1/vendor/billing/invoices").status_code == 200  # the page's API
        session = acme.cookies[VENDOR_COOKIE]
        ledger = browser(app, "ledger")  # acme's cookie, sent to ledger's pages
        ledger.cookies.set(VENDOR_COOKIE, session, path="/t/ledger")
        refused = ledger.get("/vendor/invoices")
        assert refused.status_code == 403


def test_the_vendor_sign_in_form_refuses_bad_posts(app: FastAPI) -> None:
    with TestClient(app):
        acme = browser(app)
        acme.get("/vendor/signin")
        credentials = {"email": vendor_email("acme"), "password": DEMO_PASSWORDS["acme"]}
        no_csrf = acme.post("/vendor/signin", data=credentials)
        assert no_csrf.status_code == 403
        assert VENDOR_COOKIE not in acme.cookies
        wrong = acme.post(  # the form again, with a fresh CSRF token
            "/vendor/signin",
            data={**credentials, "password": "wrong", "csrf": csrf_of(no_csrf.text)},
        )
        assert wrong.status_code == 401
        assert "Wrong e-mail or password." in wrong.text
        assert VENDOR_COOKIE not in acme.cookies
        away = acme.post(
            "/vendor/signin",
            data={**credentials, "csrf": csrf_of(wrong.text), "next": "https://evil.example/"},
        )
        assert away.headers["location"] == "/t/acme/vendor/dashboard"


def test_a_cross_site_change_signed_in_by_the_vendor_cookie_is_refused(app: FastAPI) -> None:
    with TestClient(app):
        acme = browser(app)
        form = acme.get("/vendor/signin").text
        acme.post(
            "/vendor/signin",
            data={"email": vendor_email("acme"), "password": DEMO_PASSWORDS["acme"],
                  "csrf": csrf_of(form)},
        )  # fmt: skip
        change = {"price_cents": 1}
        url = "/api/v1/vendor/catalog/products/1"
        refused = acme.patch(url, json=change, headers={"Origin": "https://evil.example"})
        assert refused.status_code == 401
        same = acme.patch(url, json=change, headers={"Origin": "http://testserver"})
        assert same.status_code == 200


def test_signing_out_ends_the_vendor_session(app: FastAPI) -> None:
    with TestClient(app):
        acme = browser(app)
        form = acme.get("/vendor/signin").text
        acme.post(
            "/vendor/signin",
            data={"email": vendor_email("acme"), "password": DEMO_PASSWORDS["acme"],
                  "csrf": csrf_of(form)},
        )  # fmt: skip
        page = acme.get("/vendor/signin").text
        assert "Sign out" in page
        out = acme.post("/vendor/signout", data={"csrf": csrf_of(page)})
        assert (out.status_code, out.headers["location"]) == (303, "/t/acme/vendor/signin")
        assert acme.get("/vendor/dashboard").status_code == 303


def place_order(client: TestClient, customer: dict[str, str]) -> dict[str, Any]:
    shop = shopper(client, "acme")
    shop.post("/api/v1/storefront/cart/items", json={"product_id": 5, "quantity": 1})
    placed = shop.post("/api/v1/storefront/checkout/", json=customer)
    assert placed.status_code == 201, placed.text
    order: dict[str, Any] = placed.json()
    return order


def test_a_customer_sees_only_their_own_orders(client: TestClient) -> None:
    ann = place_order(client, CUSTOMER)
    bob = place_order(client, {"email": "bob@example.com", "name": "Bob"})
    mine = client.get("/t/acme/api/v1/storefront/orders/", headers=bearer(ann["customer_token"]))
    assert [o["number"] for o in mine.json()] == [ann["number"]]
    theirs = client.get(
        f"/t/acme/api/v1/storefront/orders/{bob['number']}",
        headers=bearer(ann["customer_token"]),
    )
    assert theirs.status_code == 404
    anonymous = client.get("/t/acme/api/v1/storefront/orders/", params={"email": "bob@example.com"})
    assert anonymous.status_code == 401
    as_vendor = client.get(
        "/t/acme/api/v1/storefront/orders/", headers=bearer(vendor_token(client, "acme"))
    )
    assert as_vendor.status_code == 401
    page = shopper(client, "acme").get("/storefront/orders", params={"email": "bob@example.com"})
    assert bob["number"] not in page.text
    forged = shopper(client, "acme")
    forged.cookies.set(CUSTOMER_COOKIE, ann["customer_token"][:-2] + "xx", path="/t/acme")
    assert forged.get("/api/v1/storefront/orders/").status_code == 401


def test_admin_pages_send_a_browser_to_the_admin_sign_in_and_back(app: FastAPI) -> None:
    with TestClient(app):
        acme = browser(app)
        away = acme.get("/admin/monitoring")
        assert away.status_code == 303
        assert away.headers["location"] == (
            "/t/acme/admin/signin?next=%2Ft%2Facme%2Fadmin%2Fmonitoring"
        )
        assert acme.get("/api/v1/admin/monitoring/overview").status_code == 401
        form = acme.get("/admin/signin", params={"next": "/t/acme/admin/monitoring"})
        signed_in = acme.post(
            "/admin/signin",
            data={"token": TOKEN, "csrf": csrf_of(form.text), "next": "/t/acme/admin/monitoring"},
        )
        assert signed_in.headers["location"] == "/t/acme/admin/monitoring"
        assert acme.get("/admin/monitoring").status_code == 200
        assert acme.get("/admin/components").status_code == 200
        assert acme.get("/api/v1/admin/monitoring/overview").status_code == 200
        assert browser(app).get("/admin/components", headers=ADMIN).status_code == 200


def test_guessing_a_vendors_password_is_refused_after_ten_failures(client: TestClient) -> None:
    """After 10 wrong passwords in 5 minutes, even the right one answers 429 with
    Retry-After, from any address (the account counts) and, from the guessing address,
    for any account; another platform's vendor from elsewhere signs in as usual."""
    url = "/t/acme/api/v1/vendor/tenancy/token"
    guess = {"email": vendor_email("acme"), "password": "guess"}
    answers = [client.post(url, json=guess).status_code for _ in range(10)]
    refused = client.post(url, json={**guess, "password": DEMO_PASSWORDS["acme"]})

    assert answers == [401] * 10
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert "token" not in refused.json()
    ledger = {"email": vendor_email("ledger"), "password": DEMO_PASSWORDS["ledger"]}
    assert client.post("/t/ledger/api/v1/vendor/tenancy/token", json=ledger).status_code == 429
    directory = client.app.state.modstack.services.get_service("vendors")  # type: ignore[attr-defined]
    directory.throttle.succeeded(("client", "testclient"))  # another address, same account
    assert client.post(url, json={**guess, "password": DEMO_PASSWORDS["acme"]}).status_code == 429
    assert client.post("/t/ledger/api/v1/vendor/tenancy/token", json=ledger).status_code == 200


def test_the_vendor_sign_in_form_says_to_wait_after_ten_failures(app: FastAPI) -> None:
    with TestClient(app):
        acme = browser(app)
        page = acme.get("/vendor/signin")
        credentials = {"email": vendor_email("acme"), "password": "guess"}
        for _ in range(10):
            page = acme.post("/vendor/signin", data={**credentials, "csrf": csrf_of(page.text)})
            assert page.status_code == 401
        right = {**credentials, "password": DEMO_PASSWORDS["acme"], "csrf": csrf_of(page.text)}
        refused = acme.post("/vendor/signin", data=right)

        assert refused.status_code == 429
        assert "Too many failed sign-ins" in refused.text
        assert int(refused.headers["Retry-After"]) > 0
        assert VENDOR_COOKIE not in acme.cookies
