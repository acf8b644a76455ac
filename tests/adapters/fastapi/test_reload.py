"""Hot reload in process: new code answers, broken code leaves the old one serving."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from modstack.fastapi import create_app
from modstack.settings import ModstackSettings
from tests.adapters.fastapi.conftest import WEB_APP

RELOAD = "/api/v1/admin/modstack/modules/{}/reload"
METHODS = "/api/v1/storefront/payments/methods"
ACME = {"X-Tenant": "acme"}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the web-app tree that tests may edit."""
    copy = tmp_path / "web-app"
    shutil.copytree(WEB_APP, copy)
    return copy


@pytest.fixture
def client(tree: Path, tmp_path: Path) -> Iterator[TestClient]:
    settings = ModstackSettings(
        modules=str(tree / "modules"),
        database_url=f"sqlite:///{tmp_path / 'modstack.db'}",
        environment="development",
        admin_open=True,  # the admin API without a token: development, by explicit choice
        _env_file=None,  # type: ignore[call-arg]
    )
    with TestClient(create_app(settings=settings, templates=tree / "templates")) as running:
        running.app.state.modstack.tenancy.create_tenant("acme", modules=["billing"])  # type: ignore[attr-defined]
        yield running


def edit(tree: Path, relative: str, old: str, new: str) -> None:
    file = tree / "modules" / relative
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))


def test_a_reload_serves_the_new_code_and_restarts_dependents(
    client: TestClient, tree: Path
) -> None:
    assert client.get(METHODS, headers=ACME).json()["methods"] == ["card"]
    routes_before = len(client.app.router.routes)  # type: ignore[attr-defined]
    edit(tree, "payments/routes/api/storefront.py", '["card"]', '["card", "iban", "paypal"]')
    result = client.post(RELOAD.format("payments"))
    assert result.status_code == 200, result.json()
    assert result.json()["reloaded"] == ["payments", "billing"]
    assert client.get(METHODS, headers=ACME).json()["methods"] == ["card", "iban", "paypal"]
    assert client.get("/api/v1/vendor/billing/invoices", headers=ACME).status_code == 200
    assert len(client.app.router.routes) == routes_before  # type: ignore[attr-defined]
    stack = client.app.state.modstack  # type: ignore[attr-defined]
    assert stack.kernel.get_module("payments").state.value == "active"


def test_a_syntax_error_keeps_the_old_code_serving(client: TestClient, tree: Path) -> None:
    edit(tree, "payments/routes/api/storefront.py", "async def methods", "async def methods(:")
    result = client.post(RELOAD.format("payments"))
    assert result.status_code == 409
    assert "SyntaxError" in result.json()["error"]
    assert client.get(METHODS, headers=ACME).json()["methods"] == ["card"]
    edit(tree, "payments/routes/api/storefront.py", "async def methods(:", "async def methods")
    edit(tree, "payments/routes/api/storefront.py", '["card"]', '["card", "sepa-direct-debit"]')
    assert client.post(RELOAD.format("payments")).status_code == 200
    assert client.get(METHODS, headers=ACME).json()["methods"] == ["card", "sepa-direct-debit"]


def test_an_invalid_definition_keeps_the_old_code_serving(client: TestClient, tree: Path) -> None:
    edit(tree, "payments/definition.py", 'version="1.3.0"', 'version="1.3.0", requires=["ledger"]')
    result = client.post(RELOAD.format("payments"))
    assert result.status_code == 409
    assert "names unknown module 'ledger'" in result.json()["error"]
    assert client.get(METHODS, headers=ACME).status_code == 200


def test_a_failing_startup_keeps_the_old_code_and_leaves_no_stray_routes(
    client: TestClient, tree: Path
) -> None:
    routes_before = len(client.app.router.routes)  # type: ignore[attr-defined]
    edit(
        tree,
        "payments/definition.py",
        'version="1.3.0"',
        'version="1.4.0", on_startup=".boom:start"',
    )
    (tree / "modules/payments/boom.py").write_text(
        'def start():\n    raise RuntimeError("no gateway")\n'
    )
    result = client.post(RELOAD.format("payments"))
    assert result.status_code == 409
    assert result.json()["error"] == "payments: on_startup failed: RuntimeError: no gateway"
    assert len(client.app.router.routes) == routes_before  # type: ignore[attr-defined]
    assert client.get(METHODS, headers=ACME).json()["methods"] == ["card"]
    stack = client.app.state.modstack  # type: ignore[attr-defined]
    assert stack.kernel.get_module("payments").definition.version == "1.3.0"


def test_reload_says_what_needs_a_restart(client: TestClient, tree: Path) -> None:
    (tree / "modules/payments/models").mkdir()
    (tree / "modules/payments/models/__init__.py").write_text("")
    result = client.post(RELOAD.format("payments")).json()
    assert result["ok"] is True
    assert result["notes"] == [
        "models/ is not reloaded: restart the process to pick up changes there"
    ]


def test_reloading_an_unknown_module_is_a_404(client: TestClient) -> None:
    response = client.post(RELOAD.format("paymnts"))
    assert response.status_code == 404
    assert "did you mean 'payments'" in response.json()["detail"]


def test_a_reload_swaps_the_modules_services_with_its_routes(
    client: TestClient, tree: Path
) -> None:
    services = client.app.state.modstack.services  # type: ignore[attr-defined]
    old = services.get_service("payment_gateway")
    assert client.post(RELOAD.format("payments")).status_code == 200
    new = services.get_service("payment_gateway")
    assert new is not old
    assert new.call("charge", 3) == {"charged": 3}


def test_a_failed_reload_keeps_the_modules_services(client: TestClient, tree: Path) -> None:
    services = client.app.state.modstack.services  # type: ignore[attr-defined]
    old = services.get_service("payment_gateway")
    edit(
        tree,
        "payments/definition.py",
        'version="1.3.0"',
        'version="1.4.0", on_startup=".boom:start"',
    )
    (tree / "modules/payments/boom.py").write_text(
        'def start():\n    raise RuntimeError("no gateway")\n'
    )
    assert client.post(RELOAD.format("payments")).status_code == 409
    assert services.get_service("payment_gateway") is old
    assert old.call("charge", 4) == {"charged": 4}


def test_a_reload_keeps_the_modules_static_files_and_gates_its_new_routes(
    client: TestClient,
) -> None:
    assert client.post(RELOAD.format("core")).json()["ok"] is True
    assert client.get("/static/modules/core/core.css").status_code == 200
    assert client.get("/api/v1/admin/core/ping", headers=ACME).json() == {"pong": "core"}
    assert client.get("/api/v1/admin/core/ping", headers={"X-Tenant": "ghost"}).status_code == 404


# A module folder added while the app runs is picked up by `modstack reload CODE`:
# discovered, checked with the graph, started; no tenant has it until it is enabled. After
# any reload every part (tenancy, settings, events, services) works on the kernel's
# registry. (Before, an unknown code was a 404 until a restart, and a reload changed only
# the kernel's registry.)

EXTRA = "/api/v1/vendor/extra/hello"


def _add_module(tree: Path, requires: str = "payments") -> None:
    folder = tree / "modules" / "extra"
    (folder / "routes" / "api").mkdir(parents=True)
    for package in (folder, folder / "routes", folder / "routes" / "api"):
        (package / "__init__.py").write_text("")
    (folder / "definition.py").write_text(
        "from modstack import ModuleDefinition\n\n"
        f'extra = ModuleDefinition("extra", requires=["{requires}"])\n'
    )
    (folder / "routes" / "api" / "vendor.py").write_text(
        "from fastapi import APIRouter\n\nrouter = APIRouter()\n\n\n"
        '@router.get("/hello")\ndef hello() -> dict[str, str]:\n    return {"hello": "extra"}\n'
    )


def test_a_module_added_while_serving_starts_and_waits_to_be_enabled(
    client: TestClient, tree: Path
) -> None:
    assert client.post(RELOAD.format("extra")).status_code == 404  # no folder yet
    _add_module(tree)
    added = client.post(RELOAD.format("extra"))
    assert added.status_code == 200, added.json()
    assert added.json()["reloaded"] == ["extra"]
    stack = client.app.state.modstack  # type: ignore[attr-defined]
    assert stack.kernel.get_module("extra").is_active
    assert client.get(EXTRA, headers=ACME).json()["code"] == "module_disabled"
    enabled = client.post("/api/v1/admin/modstack/tenants/acme/modules/extra/enable")
    assert enabled.status_code == 200, enabled.json()
    assert client.get(EXTRA, headers=ACME).json() == {"hello": "extra"}
    assert stack.tenancy.is_enabled("acme", "payments")  # enabled as extra's dependency


def test_a_new_module_the_graph_refuses_is_not_started(client: TestClient, tree: Path) -> None:
    _add_module(tree, requires="nowhere")
    refused = client.post(RELOAD.format("extra"))
    assert refused.status_code == 409
    assert "nowhere" in refused.json()["error"]
    assert "extra" not in client.app.state.modstack.kernel.modules  # type: ignore[attr-defined]


def test_after_a_reload_every_part_works_on_the_kernels_registry(client: TestClient) -> None:
    assert client.post(RELOAD.format("payments")).status_code == 200
    stack = client.app.state.modstack.core  # type: ignore[attr-defined]
    registry = stack.kernel.registry
    assert stack.registry is registry
    assert stack.tenancy.registry is registry
    assert stack.settings_manager.registry is registry
    assert stack.events.registry is registry
    assert stack.services.modules is registry
