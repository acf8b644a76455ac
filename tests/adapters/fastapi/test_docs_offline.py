"""The API docs pages load every file from the app itself (no CDN: they work without
internet), and a tenant's docs under a path prefix describe the tenant's URLs, so "Try
it out" reaches the tenant's routes."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from modstack.fastapi import PathPrefixTenantResolver, create_app
from modstack.settings import ModstackSettings

REFERENCE = re.compile(r'(?:src|href)="([^"]+)"|url: ?["\']([^"\']+)["\']')


def _references(html: str) -> list[str]:
    return [a or b for a, b in REFERENCE.findall(html)]


def test_swagger_ui_and_redoc_load_only_files_the_app_serves(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = client.get(page)
        assert html.status_code == 200
        assert "cdn" not in html.text.lower()
        assert "fonts.googleapis" not in html.text
        references = _references(html.text)
        assert references, html.text
        for reference in references:
            assert reference.startswith("/"), f"{page} loads {reference} from elsewhere"
            answer = client.get(reference)
            assert answer.status_code == 200, reference
    swagger = _references(client.get("/docs").text)
    assert "/docs/assets/swagger-ui-bundle.js" in swagger
    assert "/docs/assets/swagger-ui.css" in swagger
    assert "/openapi.json" in swagger
    script = client.get("/docs/assets/swagger-ui-bundle.js")
    assert "javascript" in script.headers["content-type"]
    assert "SwaggerUIBundle" in script.text
    assert "/docs/assets/redoc.standalone.js" in _references(client.get("/redoc").text)
    for other in ("index.html", "..%2F__init__.py", "%2E%2E", "core.py"):
        assert client.get(f"/docs/assets/{other}").status_code == 404, other


def test_a_tenants_docs_describe_the_tenants_urls(settings: ModstackSettings) -> None:
    app = create_app(settings=settings, tenant_resolver=PathPrefixTenantResolver("/t"))
    with TestClient(app) as client:
        app.state.modstack.tenancy.create_tenant("acme", modules=["billing"])

        page = client.get("/t/acme/docs")

        assert page.status_code == 200
        references = _references(page.text)
        assert "/t/acme/openapi.json" in references
        assert "/t/acme/docs/assets/swagger-ui-bundle.js" in references
        for reference in references:
            assert client.get(reference).status_code == 200, reference
        spec = client.get("/t/acme/openapi.json").json()
        assert spec["servers"] == [{"url": "/t/acme"}]
        assert "/api/v1/vendor/billing/invoices" in spec["paths"]
        # "Try it out": the browser calls the server's URL plus the path.
        tried = client.get(spec["servers"][0]["url"] + "/api/v1/vendor/billing/invoices")
        assert tried.status_code == 200
        assert tried.json()["tenant"] == "acme"
        # The docs without a tenant describe paths that need one.
        assert "servers" not in client.get("/openapi.json").json()


def test_the_docs_pages_can_be_turned_off_or_moved(settings: ModstackSettings) -> None:
    app = create_app(settings=settings, docs_url="/api-docs", redoc_url=None)
    with TestClient(app) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/redoc").status_code == 404
        moved = client.get("/api-docs")
        assert moved.status_code == 200
        assert "/docs/assets/swagger-ui-bundle.js" in _references(moved.text)
    hidden = create_app(settings=settings, docs_url=None, redoc_url=None)
    with TestClient(hidden) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 404


def test_a_tenant_segment_that_is_no_tenant_name_never_reaches_a_page(
    settings: ModstackSettings,
) -> None:
    payload = "x'+(document.documentElement.id=4242)+'"
    app = create_app(settings=settings, tenant_resolver=PathPrefixTenantResolver("/t"))
    with TestClient(app) as client:
        for page in ("docs", "redoc", "openapi.json"):
            answer = client.get(f"/t/{payload}/{page}")
            assert answer.status_code == 404, page
            assert "4242" not in answer.text


def test_a_servers_root_path_is_written_into_the_docs_percent_encoded(
    settings: ModstackSettings,
) -> None:
    app = create_app(settings=settings)
    with TestClient(app, root_path="/shop'><script>") as client:
        page = client.get("/docs")
    assert "/shop'" not in page.text
    assert "/shop%27%3E%3Cscript%3E/openapi.json" in page.text
