"""The Flask seed's four modules run unmodified (only their imports name modstack.flask)
under the real adapter: found by scanning ``core.modules``, initialised with the seed's
``app_manager``, their routes served, gated per tenant, and their health reported."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from modstack.flask import ModuleRegistry, create_app
from tests.adapters.flask.conftest import ADMIN_TOKEN, running, seed_app, settings_for

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def test_the_seeds_modules_serve_their_routes_behind_the_gate(tmp_path: Path) -> None:
    with seed_app(tmp_path) as app, running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=list(stack.core.registry.order))
        stack.core.tenancy.create_tenant("globex", modules=["connection_api"])
        client = app.test_client()
        assert client.get("/api/ping", headers={"X-Tenant": "acme"}).json == {"pong": True}
        deposit = {"user_id": "u1", "amount": 5}
        paid = client.post("/wallet/deposit", json=deposit, headers={"X-Tenant": "acme"})
        assert paid.status_code == 200
        refused = client.post("/wallet/deposit", json=deposit, headers={"X-Tenant": "globex"})
        assert (refused.status_code, refused.json["code"]) == (403, "module_disabled")
        assert client.post("/wallet/deposit", json=deposit).status_code == 400


def test_the_app_manager_offers_what_the_seed_reads(tmp_path: Path) -> None:
    with seed_app(tmp_path) as app, running(app) as stack:
        manager = stack.app_manager
        wallet = manager.module_manager.get_module("wallet_module")
        assert type(wallet).__name__ == "WalletModule"
        assert wallet.user_management is manager.module_manager.get_module("user_management")
        assert manager.database_manager.is_connected()
        assert manager.redis_manager is None
        assert manager.module_manager.is_module_loaded("transactions_module")
        status = manager.module_manager.get_module_status()
        assert status["modules"]["wallet_module"]["state"] == "active"
        health = manager.module_manager.get_module_health("connection_api")
        assert health["module"] == "connection_api"


def test_a_module_whose_initialize_returns_false_fails_and_its_dependents_are_blocked(
    tmp_path: Path,
) -> None:
    with seed_app(tmp_path) as app:
        stack = app.extensions["modstack"]
        stack.core.engine.dispose()
        # connection_api's initialize returns False when the database does not answer:
        stack.app_manager.database_manager.is_connected = lambda: False
        with running(app):
            modules = stack.core.kernel.modules
            assert modules["connection_api"].state.value == "failed"
            assert "initialize() returned False" in (modules["connection_api"].reason or "")
            assert modules["wallet_module"].state.value == "blocked"
            stack.core.tenancy.create_tenant("acme", modules=[])
            client = app.test_client()
            # Its routes are gone with it: the path is no module's, so Flask's 404.
            assert client.get("/api/ping", headers={"X-Tenant": "acme"}).status_code == 404
            assert client.get("/health").status_code in (200, 503)


def _package(root: Path, name: str, modules: dict[str, list[str]]) -> None:
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for code, needs in modules.items():
        (folder / code).mkdir()
        (folder / code / "__init__.py").write_text(
            "from modstack.flask import BaseModule\n\n\n"
            f"class {code.title()}Module(BaseModule):\n"
            f"    NAME = {code!r}\n    DEPENDENCIES = {needs!r}\n"
        )


def test_the_seeds_registry_names_a_cycle_and_orders_a_valid_tree(tmp_path: Path) -> None:
    _package(tmp_path, "loop_modules", {"alpha": ["beta"], "beta": ["alpha"]})
    _package(tmp_path, "tree_modules", {"gamma": [], "delta": ["gamma"]})
    sys.path.insert(0, str(tmp_path))
    try:
        cyclic = ModuleRegistry(packages=["loop_modules"])
        valid = ModuleRegistry(packages=["tree_modules"])
    finally:
        sys.path.remove(str(tmp_path))
    assert cyclic.has_circular_dependencies()
    assert set(cyclic.cycle or ()) == {"alpha", "beta"}
    assert not valid.has_circular_dependencies()
    assert valid.get_module_load_order() == ["gamma", "delta"]
    assert valid.get_dependency_graph() == {"gamma": [], "delta": ["gamma"]}
    assert {k: v.__name__ for k, v in valid.get_modules().items()} == {
        "gamma": "GammaModule",
        "delta": "DeltaModule",
    }


def test_two_modules_serving_one_route_are_named_in_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "clash_modules"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for code in ("alpha", "beta"):
        (folder / code).mkdir()
        (folder / code / "__init__.py").write_text(
            "from modstack.flask import BaseModule\n\n\n"
            f"class {code.title()}Module(BaseModule):\n"
            f"    NAME = {code!r}\n\n"
            "    def initialize(self, app_manager):\n"
            "        app = app_manager.flask_app\n\n"
            f"        @app.route('/dashboard', endpoint='{code}_dashboard')\n"
            "        def dashboard():\n"
            f"            return {{'module': {code!r}}}\n\n"
            "        return True\n"
        )
    sys.path.insert(0, str(tmp_path))
    try:
        settings = settings_for(tmp_path, modules=str(tmp_path / "none"))
        app = create_app(packages=["clash_modules"], settings=settings)
        with caplog.at_level(logging.WARNING, "modstack"), running(app) as stack:
            stack.core.tenancy.create_tenant("acme", modules=["alpha", "beta"])
            answer = app.test_client().get("/dashboard", headers={"X-Tenant": "acme"})
    finally:
        sys.path.remove(str(tmp_path))
    assert answer.status_code == 200
    assert answer.json["module"] in ("alpha", "beta")
    warned = [r.getMessage() for r in caplog.records if "both serve" in r.getMessage()]
    assert warned == ["modules 'alpha' and 'beta' both serve GET /dashboard: only one of "
                      "them answers it; change the rule in one of them"]  # fmt: skip
