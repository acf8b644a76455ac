"""A Flask view that meets a store outage answers 503 ``store_unavailable`` with no
internal address; other database errors are bugs and stay 500s; why a module failed is
shown to operators only (as on FastAPI)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from modstack.errors import StoreUnavailableError
from modstack.flask import create_app
from tests.adapters.flask.conftest import ADMIN_TOKEN, CONTRACT_TREE, running, settings_for
from tests.adapters.trees import tree_with_module
from tests.integration.servers import free_port


def test_store_outages_answer_503_and_other_database_errors_stay_500(tmp_path: Path) -> None:
    closed = f"postgresql+psycopg://modstack@127.0.0.1:{free_port()}/shop"
    sqlite = sa.create_engine(f"sqlite:///{tmp_path / 'shop.db'}")
    app = create_app(settings=settings_for(tmp_path))

    @app.get("/tenancy-down")
    def tenancy_down() -> None:
        raise StoreUnavailableError(url=closed, cause=ConnectionRefusedError("refused"))

    @app.get("/database-down")
    def database_down() -> None:
        engine = sa.create_engine(closed, connect_args={"connect_timeout": 2})
        try:
            with engine.connect():
                pass
        finally:
            engine.dispose()

    @app.get("/bad-query")
    def bad_query() -> None:
        with sqlite.connect() as connection:
            connection.execute(sa.text("SELECT * FROM no_such_table"))

    with running(app):
        client = app.test_client()
        for path in ("/tenancy-down", "/database-down"):
            answer = client.get(path)
            assert answer.status_code == 503, answer.get_data(as_text=True)
            assert answer.json is not None
            assert answer.json["code"] == "store_unavailable"
            assert answer.headers["Retry-After"] == "5"
            assert "127.0.0.1" not in answer.get_data(as_text=True)
        app.config["PROPAGATE_EXCEPTIONS"] = False  # as a server answers an unhandled bug
        bug = client.get("/bad-query")
        assert bug.status_code == 500
        assert "no_such_table" not in bug.get_data(as_text=True)
    sqlite.dispose()


def test_why_a_module_failed_is_for_operators_only(tmp_path: Path) -> None:
    """A failed module answers 503; the reason is in the body for a request carrying the
    admin credential only."""
    failing = {"routes/api/vendor.py": 'raise RuntimeError("gateway unreachable")\n'}
    tree = tree_with_module(tmp_path, CONTRACT_TREE, "broken", failing)
    app = create_app(settings=settings_for(tmp_path, modules=str(tree)))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["broken"])
        client = app.test_client()
        anonymous = client.get("/api/v1/vendor/broken/x", headers={"X-Tenant": "acme"})
        admin = {"X-Tenant": "acme", "Authorization": f"Bearer {ADMIN_TOKEN}"}
        operator = client.get("/api/v1/vendor/broken/x", headers=admin)

    assert anonymous.status_code == operator.status_code == 503
    assert anonymous.json == {"code": "module_unavailable", "module": "broken", "state": "failed"}
    assert operator.json is not None
    assert "gateway unreachable" in operator.json["reason"]
