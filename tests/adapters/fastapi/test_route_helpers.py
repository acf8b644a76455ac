"""What a route reaches through modstack: its module's errors become answers, the typed
stack, a module's settings per tenant."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from fastapi import Depends, FastAPI, Request
from fastapi.testclient import TestClient

from modstack import ModuleError
from modstack.fastapi import module_settings, stack_of
from modstack.fastapi.stack import Modstack


class InvoiceMissingError(ModuleError):
    status = 404
    error_code = "invoice_not_found"

    def __init__(self, number: int) -> None:
        super().__init__(f"no invoice {number}", module="billing", number=number)


def test_a_module_error_carries_its_answer() -> None:
    error = InvoiceMissingError(7)
    assert error.as_data() == {
        "code": "invoice_not_found", "detail": "no invoice 7", "module": "billing", "number": 7,
    }  # fmt: skip
    assert ModuleError().as_data() == {"code": "module_error", "detail": "module error"}


def test_an_uncaught_module_error_answers_with_its_status_and_body(app: FastAPI) -> None:
    @app.get("/invoices/{number}")
    def invoice(number: int) -> None:
        raise InvoiceMissingError(number)

    with TestClient(app) as client:
        response = client.get("/invoices/7")
    assert response.status_code == 404
    assert response.json()["code"] == "invoice_not_found"
    assert response.json()["number"] == 7


def test_stack_of_is_the_apps_modstack_and_refuses_other_apps(app: FastAPI) -> None:
    seen: list[Modstack] = []

    @app.get("/which")
    def which(request: Request) -> None:
        seen.append(stack_of(request))

    with TestClient(app) as client:
        client.get("/which")
    assert seen == [app.state.modstack]

    plain = FastAPI()

    @plain.get("/which")
    def bare(request: Request) -> None:
        stack_of(request)

    with pytest.raises(RuntimeError, match="has no modstack"):
        TestClient(plain).get("/which")


def test_module_settings_are_the_tenants_own(app: FastAPI, client: TestClient) -> None:
    config = importlib.import_module(
        app.state.modstack.registry.get("payments").package + ".config"
    )
    kind: Any = config.PaymentsConfig

    payments_settings = Depends(module_settings("payments", kind))

    @app.get("/limit")
    def limit(settings: Any = payments_settings) -> int:
        return int(settings.max_amount)

    manager = app.state.modstack.settings_manager
    manager.set_setting("payments", "max_amount", 50, actor="test", tenant="acme")
    assert client.get("/limit", headers={"X-Tenant": "acme"}).json() == 50
    assert client.get("/limit", headers={"X-Tenant": "globex"}).json() == 10_000


def test_a_browser_gets_the_module_errors_page(app: FastAPI) -> None:
    @app.get("/invoice-page/{number}")
    def invoice_page(number: int) -> None:
        raise InvoiceMissingError(number)

    with TestClient(app) as client:
        page = client.get("/invoice-page/7", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert "no invoice 7" in page.text
