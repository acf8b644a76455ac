"""A module's uncaught ModuleError answers as on FastAPI (its ``status``, ``as_data()`` as
the JSON body, the error page for a browser), and ``modstack.testing``'s clients speak to
a Flask app with FastAPI's interface (``.json()``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from modstack.flask import create_app
from modstack.testing import TenantClient
from modstack.testing.flask_client import FlaskTestClient
from tests.adapters.flask.conftest import CONTRACT_TREE, running, settings_for

FAILING_VIEW = """from flask import Blueprint

from modstack import ModuleError


class OrderMissingError(ModuleError):
    status = 404
    error_code = "order_missing"


router = Blueprint("orders_vendor_api", __name__)


@router.get("/orders/<number>")
def order(number: str) -> dict[str, str]:
    raise OrderMissingError(f"no order {number}", module="orders", number=number)
"""


def _tree_with_orders(tmp_path: Path) -> Path:
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    orders = tree / "orders"
    (orders / "routes/api").mkdir(parents=True)
    (orders / "__init__.py").write_text("")
    (orders / "definition.py").write_text(
        'from modstack import ModuleDefinition\n\norders = ModuleDefinition("orders")\n'
    )
    (orders / "routes/__init__.py").write_text("")
    (orders / "routes/api/__init__.py").write_text("")
    (orders / "routes/api/vendor.py").write_text(FAILING_VIEW)
    return tree


def test_a_module_error_answers_with_its_status_and_data(tmp_path: Path) -> None:
    app = create_app(settings=settings_for(tmp_path, modules=str(_tree_with_orders(tmp_path))))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["orders"])
        client = app.test_client()
        answer = client.get("/api/v1/vendor/orders/orders/7", headers={"X-Tenant": "acme"})
        assert answer.status_code == 404
        assert answer.json == {
            "code": "order_missing",
            "detail": "no order 7",
            "module": "orders",
            "number": "7",
        }


def test_the_tenant_client_speaks_to_a_flask_app_as_to_a_fastapi_one(tmp_path: Path) -> None:
    app = create_app(settings=settings_for(tmp_path))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = FlaskTestClient(app)
        acme = TenantClient(client, stack.resolver, "acme")
        answer = acme.get("/api/v1/vendor/notes/ping")
        assert (answer.status_code, answer.json()) == (200, {"module": "notes", "tenant": "acme"})
        refused = TenantClient(client, stack.resolver, "globex").get("/api/v1/vendor/notes/ping")
        assert (refused.status_code, refused.json()["code"]) == (404, "tenant_not_found")
        assert client.get("/health").json()["ready"] is True
