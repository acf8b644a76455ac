"""Content negotiation for error answers, the outage check, redirects, and the public
OpenAPI document, without a framework."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError, OperationalError

from modstack.errors import ModuleError, StoreUnavailableError
from modstack.web.conventions import ApiConventions
from modstack.web.errors import (
    is_store_outage,
    module_error_refusal,
    page_context,
    wants_page,
)
from modstack.web.openapi import public_schema, with_root_path, with_schemas
from modstack.web.refusals import Refusal
from modstack.web.reply import Reply

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_a_browser_gets_a_page_except_under_an_api_prefix() -> None:
    assert wants_page("/shop/cart", BROWSER)
    assert not wants_page("/shop/cart", "*/*")
    assert not wants_page("/shop/cart", "application/json")
    assert not wants_page("/api/v1/vendor/x", BROWSER)
    assert not wants_page("/svc/vendor/x", BROWSER, "/svc")
    assert wants_page("/svcx/page", BROWSER, "/svc")


@settings(max_examples=200, deadline=None)
@given(path=st.text(max_size=30), accept=st.text(max_size=60))
def test_api_paths_never_get_a_page(path: str, accept: str) -> None:
    assert not wants_page("/api/" + path, accept)
    assert not wants_page("/svc/" + path, accept, "/svc")


class OutOfStockError(ModuleError):
    status = 409
    error_code = "out_of_stock"


def test_the_page_shows_public_words_only() -> None:
    refusal = Refusal.module_unavailable("billing", "failed", "secret stack trace")
    shown = page_context(refusal)["error"]
    assert shown["status"] == 503
    assert "secret" not in str(shown)
    answered = module_error_refusal(OutOfStockError("no more", sku="A"))
    assert (answered.status, answered.code, answered.body["sku"]) == (409, "out_of_stock", "A")
    assert answered.message == "no more"


def test_only_a_lost_database_is_an_outage() -> None:
    assert is_store_outage(StoreUnavailableError(url="sqlite://", cause=OSError("down")))
    lost = OperationalError("SELECT 1", {}, Exception("connection refused"))
    lost.connection_invalidated = True
    assert is_store_outage(lost)
    assert not is_store_outage(IntegrityError("INSERT", {}, Exception("duplicate key")))
    assert not is_store_outage(ValueError("x"))


def test_a_redirect_location_is_percent_encoded() -> None:
    assert Reply.redirect("/café?x=1").headers["Location"] == "/caf%C3%A9?x=1"


SCHEMA = {
    "paths": {
        "/svc/admin/modstack/settings/{m}/{f}": {"put": {"requestBody": {"content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/SettingChange"}}}}}},
        "/admin/signin": {"get": {}},
        "/svc/vendor/notes/ping": {"get": {"responses": {"200": {"content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Ping"}}}}}}},
    },
    "components": {"schemas": {"Ping": {"type": "object"}}},
}  # fmt: skip


def test_the_public_document_leaves_out_the_admin_frontend_under_its_prefix() -> None:
    full = with_schemas(SCHEMA, {"SettingChange": {"type": "object"}, "Unused": {}})
    assert set(full["components"]["schemas"]) == {"Ping", "SettingChange"}
    public = public_schema(full, ApiConventions("/svc"))
    assert list(public["paths"]) == ["/svc/vendor/notes/ping"]
    assert set(public["components"]["schemas"]) == {"Ping"}


def test_the_document_names_the_tenant_root_as_its_server() -> None:
    assert with_root_path(SCHEMA, "/t/acme/")["servers"] == [{"url": "/t/acme"}]
    assert with_root_path(SCHEMA, "") is SCHEMA
    assert with_root_path(SCHEMA, "/t/acme", enabled=False) is SCHEMA
