"""Path-prefix tenants in a Flask app: ``/t/<tenant>/...`` moves into the script root
(as any WSGI mount), the gate answers through it as through a header, and ``url_for``
keeps the tenant in the links it builds."""

from __future__ import annotations

from pathlib import Path

from modstack.testing import TenantClient
from modstack.testing.flask_client import FlaskTestClient
from modstack.web.tenants import DefaultTenant, PathPrefixTenant
from tests.adapters.flask.gate_app import calls_of, gate_app, send

ANY = "/api/v1/storefront/open/any"


def test_the_gate_answers_through_the_tenant_prefix(tmp_path: Path) -> None:
    with gate_app(tmp_path, PathPrefixTenant("/t")) as app:
        admitted = send(app, f"/t/acme{ANY}")
        assert (admitted.status, admitted.json) == (200, {"module": "open"})
        assert calls_of(app) == [("open", "acme", "GET any")]
        disabled = send(app, f"/t/globex{ANY}")
        assert (disabled.status, disabled.json["code"]) == (403, "module_disabled")
        unknown = send(app, f"/t/ghost{ANY}")
        assert (unknown.status, unknown.json["code"]) == (404, "tenant_not_found")
        missing = send(app, ANY)
        assert (missing.status, missing.json["code"]) == (400, "tenant_required")
        assert "/t/<tenant>/" in missing.json["detail"]
        failed = send(app, "/t/acme/api/v1/storefront/failing/any")
        assert (failed.status, failed.json["code"]) == (503, "module_unavailable")
        assert send(app, "/t/acme/storefront/open-page").status == 200
        assert calls_of(app) == [("open", "acme", "GET any"), ("open", "acme", "page")]


def test_only_the_first_valid_segment_names_the_tenant(tmp_path: Path) -> None:
    with gate_app(tmp_path, PathPrefixTenant("/t")) as app:
        # acme asks for /t/globex/api/...: no route, whatever globex may do
        assert send(app, f"/t/acme/t/globex{ANY}").status == 404
        assert send(app, f"/t/globex/t/acme{ANY}").status == 404
        for not_a_tenant in ("ac%20me", "..", "", "-acme", "%3Cb%3E"):  # stays in the path
            assert send(app, f"/t/{not_a_tenant}{ANY}").status == 404, not_a_tenant
        assert send(app, f"/t/acme%2F..%2Fglobex{ANY}").status == 404  # acme asks for /../...
        assert send(app, f"/t/ACME{ANY}").json["code"] == "tenant_not_found"  # valid, unknown
        assert send(app, f"/T/acme{ANY}").status == 404
        assert calls_of(app) == []


def test_url_for_builds_links_that_keep_the_tenant_prefix(tmp_path: Path) -> None:
    with gate_app(tmp_path, PathPrefixTenant("/t")) as app:
        page = send(app, "/t/acme/storefront/open-page").text
        assert 'src="/t/acme/static/modules/open/app.js"' in page
        assert 'href="/t/acme/api/v1/storefront/open/items/42"' in page
        linked = send(app, "/t/acme/api/v1/storefront/open/items/42")
        assert linked.json == {"module": "open", "item": "42"}
        assert send(app, "/t/acme/static/modules/open/app.js").status == 200


def test_an_app_mounted_under_a_script_name_keeps_its_mount_and_the_tenant(
    tmp_path: Path,
) -> None:
    with gate_app(tmp_path, PathPrefixTenant("/t")) as app:
        page = send(app, "/t/acme/storefront/open-page", script_name="/shop").text
        assert 'href="/shop/t/acme/api/v1/storefront/open/items/42"' in page
        # a mount that looks like a tenant prefix names no tenant
        assert send(app, ANY, script_name="/t/acme").json["code"] == "tenant_required"
        assert calls_of(app) == [("open", "acme", "page")]


def test_a_single_tenant_app_with_a_prefix_resolver_serves_unprefixed_paths(
    tmp_path: Path,
) -> None:
    resolver = DefaultTenant("acme", PathPrefixTenant("/t"))
    with gate_app(tmp_path, resolver, default_tenant="main") as app:  # the inner default wins
        assert send(app, ANY).status == 200
        assert send(app, f"/t/globex{ANY}").json["code"] == "module_disabled"
        assert calls_of(app) == [("open", "acme", "GET any")]


def test_a_tenant_header_names_no_tenant_under_the_prefix_resolver(tmp_path: Path) -> None:
    with gate_app(tmp_path, PathPrefixTenant("/t")) as app:
        assert send(app, ANY, headers={"X-Tenant": "acme"}).json["code"] == "tenant_required"
        assert calls_of(app) == []


def test_the_tenant_client_speaks_through_the_prefix(tmp_path: Path) -> None:
    with gate_app(tmp_path, PathPrefixTenant("/t")) as app:
        client = FlaskTestClient(app)
        resolver = app.extensions["modstack"].resolver
        assert TenantClient(client, resolver, "acme").get(ANY).json() == {"module": "open"}
        refused = TenantClient(client, resolver, "globex").get(ANY)
        assert refused.json()["code"] == "module_disabled"
        assert calls_of(app) == [("open", "acme", "GET any")]
