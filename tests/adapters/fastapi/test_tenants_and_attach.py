"""Tenant resolvers, and modstack attached to an app that already exists."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from modstack.fastapi import (
    HeaderTenantResolver,
    PathPrefixTenantResolver,
    SubdomainTenantResolver,
    attach,
    create_app,
)
from modstack.settings import ModstackSettings
from modstack.web.tenants import DefaultTenant, HeaderTenant, PathPrefixTenant, SubdomainTenant


def scope(path: str = "/", **headers: str) -> dict[str, Any]:
    return {
        "type": "http",
        "path": path,
        "root_path": "",
        "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()],
    }


def test_the_header_resolver_reads_x_tenant() -> None:
    resolve = HeaderTenantResolver()
    assert resolve(scope(x_tenant="acme")) == "acme"
    assert resolve(scope(x_tenant="  ")) is None
    assert resolve(scope()) is None
    assert HeaderTenantResolver("X-Platform")(scope(x_platform="globex")) == "globex"


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        pytest.param("acme.shop.example", "acme", id="tenant"),
        pytest.param("ACME.shop.example:8443", "acme", id="case-and-port"),
        pytest.param("shop.example", None, id="bare-domain"),
        pytest.param("a.b.shop.example", None, id="nested"),
        pytest.param("acme.other.example", None, id="other-domain"),
    ],
)
def test_the_subdomain_resolver(host: str, expected: str | None) -> None:
    assert SubdomainTenantResolver("shop.example")(scope(host=host)) == expected


def test_the_path_prefix_resolver_strips_the_tenant_from_the_path() -> None:
    resolve = PathPrefixTenantResolver("/t")
    request = scope("/t/acme/api/v1/vendor/billing/invoices")
    assert resolve(request) == "acme"
    assert request["path"] == "/api/v1/vendor/billing/invoices"
    assert request["root_path"] == "/t/acme"
    assert resolve(scope("/api/v1/x")) is None
    assert resolve(scope("/t/")) is None


def test_a_path_prefix_app_routes_and_gates_by_the_path(settings: ModstackSettings) -> None:
    app = create_app(settings=settings, tenant_resolver=PathPrefixTenantResolver("/t"))
    with TestClient(app) as client:
        app.state.modstack.tenancy.create_tenant("acme", modules=["billing"])
        app.state.modstack.tenancy.create_tenant("globex", modules=[])
        assert client.get("/t/acme/api/v1/vendor/billing/invoices").json()["tenant"] == "acme"
        assert client.get("/t/globex/api/v1/vendor/billing/invoices").status_code == 403
        refused = client.get("/api/v1/vendor/billing/invoices")
        assert "start the path with /t/<tenant>/" in refused.json()["detail"]


def test_attach_keeps_the_apps_own_routes_and_lifespan(settings: ModstackSettings) -> None:
    seen: list[str] = []

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        seen.append("started")
        yield
        seen.append("stopped")

    app = FastAPI(lifespan=lifespan)

    @app.get("/mine")
    async def mine(request: Request) -> dict[str, Any]:
        return {"tenant": request.state.tenant}

    stack = attach(app, settings=settings)
    with TestClient(app) as client:
        assert seen == ["started"]
        assert stack.kernel.is_module_loaded("billing")
        assert client.get("/mine", headers={"X-Tenant": "acme"}).json() == {"tenant": "acme"}
        stack.tenancy.create_tenant("acme", modules=["billing"])
        assert (
            client.get("/api/v1/vendor/billing/invoices", headers={"X-Tenant": "acme"}).status_code
            == 200
        )
    assert seen == ["started", "stopped"]
    assert stack.kernel.get_module("billing").state.value == "stopped"


@pytest.mark.parametrize(
    ("resolver", "request_for"),
    [
        pytest.param(HeaderTenant("X-Platform"), lambda t: ("/", {"X-Platform": t}), id="header"),
        pytest.param(
            SubdomainTenant("shop.example"),
            lambda t: ("/", {"Host": f"{t}.shop.example"}),
            id="subdomain",
        ),
        pytest.param(PathPrefixTenant("/t"), lambda t: (f"/t/{t}/", {}), id="path-prefix"),
        pytest.param(
            DefaultTenant("acme", PathPrefixTenant("/t")),
            lambda t: (f"/t/{t}/", {}),
            id="default-over-prefix",
        ),
    ],
)
def test_the_resolvers_flask_and_django_take_work_in_fastapi_too(
    settings: ModstackSettings, resolver: Any, request_for: Any
) -> None:
    app = create_app(settings=settings, tenant_resolver=resolver)
    invoices = "api/v1/vendor/billing/invoices"
    with TestClient(app) as client:
        app.state.modstack.tenancy.create_tenant("acme", modules=["billing"])
        app.state.modstack.tenancy.create_tenant("globex", modules=[])
        prefix, headers = request_for("acme")
        assert client.get(prefix + invoices, headers=headers).json()["tenant"] == "acme"
        prefix, headers = request_for("globex")
        refused = client.get(prefix + invoices, headers=headers)
        assert (refused.status_code, refused.json()["code"]) == (403, "module_disabled")


def test_a_default_tenant_alone_serves_every_request_as_that_tenant(
    settings: ModstackSettings,
) -> None:
    app = create_app(settings=settings, tenant_resolver=DefaultTenant("acme"))
    with TestClient(app) as client:
        app.state.modstack.tenancy.create_tenant("acme", modules=["billing"])
        answer = client.get("/api/v1/vendor/billing/invoices", headers={"X-Tenant": "globex"})
        assert answer.json()["tenant"] == "acme"
