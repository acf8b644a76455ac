"""A browser gets an HTML error page (``modstack/error.html``, which an app overrides)
for a refused or missing page; an API client keeps the JSON answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from modstack.fastapi import create_app
from modstack.settings import ModstackSettings
from modstack.web.refusals import prefers_html
from tests.adapters.fastapi.gate_app import GATE_APP, TENANTS, calls_of, running

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture
def gate(tmp_path: Path) -> Iterator[TestClient]:
    with running(f"sqlite:///{tmp_path / 'gate.db'}") as client:
        calls_of(client).clear()
        yield client


def browser(tenant: str | None = "acme") -> dict[str, str]:
    return {"Accept": BROWSER, **({"X-Tenant": tenant} if tenant else {})}


@pytest.mark.parametrize(
    ("path", "tenant", "status", "title"),
    [
        pytest.param("/storefront/shut-page", "acme", 403, "Not available here", id="disabled"),
        pytest.param("/storefront/open-page", "ghost", 404, "Not found", id="unknown-tenant"),
        pytest.param("/storefront/open-page", None, 400, "Which site?", id="no-tenant"),
        pytest.param(
            "/storefront/failing-page", "acme", 503, "Temporarily unavailable", id="failed-module"
        ),
        pytest.param("/storefront/no-such-page", "acme", 404, "Page not found", id="missing"),
    ],
)
def test_a_browser_gets_an_html_error_page(
    gate: TestClient, path: str, tenant: str | None, status: int, title: str
) -> None:
    page = gate.get(path, headers=browser(tenant))
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in page.text
    assert "gateway unreachable" not in page.text  # failure reasons are for operators
    assert calls_of(gate) == []


def test_api_clients_keep_the_json_answers(gate: TestClient) -> None:
    api = gate.get("/api/v1/storefront/shut/any", headers=browser())  # an API path: JSON
    assert api.json() == {
        "code": "module_disabled", "module": "shut", "tenant": "acme",
        "detail": "module 'shut' is not enabled for tenant 'acme'",
    }  # fmt: skip
    assert gate.get("/api/v1/storefront/open/nope", headers=browser()).json() == {
        "detail": "Not Found"
    }
    fetch = gate.get("/storefront/shut-page", headers={"X-Tenant": "acme", "Accept": "*/*"})
    assert fetch.json()["code"] == "module_disabled"
    assert gate.get("/storefront/no-such-page").json() == {"detail": "Not Found"}


@contextmanager
def with_error_template(tmp_path: Path, template: str) -> Iterator[TestClient]:
    templates = tmp_path / "templates"
    (templates / "modstack").mkdir(parents=True)
    (templates / "modstack/error.html").write_text(template)
    settings = ModstackSettings(
        modules=str(GATE_APP / "modules"), database_url=f"sqlite:///{tmp_path / 'gate.db'}",
        environment="test", _env_file=None,  # type: ignore[call-arg]
    )  # fmt: skip
    app = create_app(settings=settings, templates=templates)
    with TestClient(app) as client:
        for tenant, modules in TENANTS.items():
            app.state.modstack.tenancy.create_tenant(tenant, modules=modules)
        yield client


def test_an_app_overrides_the_error_page(tmp_path: Path) -> None:
    ours = "<p>ours: {{ error.status }} {{ error.code }}</p>"
    with with_error_template(tmp_path, ours) as client:
        refused = client.get("/storefront/shut-page", headers=browser())
        assert refused.text == "<p>ours: 403 module_disabled</p>"
        assert client.get("/nowhere", headers=browser()).text == "<p>ours: 404 not_found</p>"


def test_a_broken_error_page_falls_back_to_json(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with with_error_template(tmp_path, "{{ error.status | no_such_filter }}") as client:
        refused = client.get("/storefront/shut-page", headers=browser())
    assert (refused.status_code, refused.json()["code"]) == (403, "module_disabled")
    assert "the error page modstack/error.html failed to render" in caplog.text


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        pytest.param(BROWSER, True, id="browser"),
        pytest.param("*/*", False, id="anything"),
        pytest.param("application/json", False, id="json"),
        pytest.param("application/json, text/html;q=0.5", False, id="json-first"),
        pytest.param("text/html;q=0", False, id="html-refused"),
        pytest.param("text/html;q=nope", False, id="bad-quality"),
        pytest.param("", False, id="none"),
    ],
)
def test_html_is_for_clients_that_prefer_it(accept: str, expected: bool) -> None:
    assert prefers_html(accept) is expected
