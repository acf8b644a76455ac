"""A Django module view that meets a store outage answers 503 ``store_unavailable``
with no internal address (as on FastAPI and Flask); other database errors are bugs and
stay 500s."""

from __future__ import annotations

from pathlib import Path

from django.test import Client

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving
from tests.adapters.trees import tree_with_module
from tests.integration.servers import free_port

VIEWS = """import sqlalchemy as sa
from django.urls import path

from modstack.errors import StoreUnavailableError

CLOSED = "postgresql+psycopg://modstack@127.0.0.1:{port}/shop"


def tenancy_down(request):
    raise StoreUnavailableError(url=CLOSED, cause=ConnectionRefusedError("refused"))


def database_down(request):
    engine = sa.create_engine(CLOSED, connect_args={{"connect_timeout": 2}})
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()


def bad_query(request):
    engine = sa.create_engine("sqlite://")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT * FROM no_such_table"))
    finally:
        engine.dispose()


urlpatterns = [
    path("tenancy-down", tenancy_down),
    path("database-down", database_down),
    path("bad-query", bad_query),
]
"""


def test_store_outages_answer_503_and_other_database_errors_stay_500(tmp_path: Path) -> None:
    port = free_port()
    views = {"routes/api/vendor.py": VIEWS.format(port=port)}
    tree = tree_with_module(tmp_path, CONTRACT_TREE, "ledger", views)
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["ledger"])
        client = Client(raise_request_exception=False)
        acme = {"X-Tenant": "acme"}
        for path in ("tenancy-down", "database-down"):
            answer = client.get(f"/api/v1/vendor/ledger/{path}", headers=acme)
            assert answer.status_code == 503, answer.content[:300]
            assert answer.json()["code"] == "store_unavailable"
            assert answer["Retry-After"] == "5"
            for secret in ("127.0.0.1", str(port), "Traceback"):
                assert secret not in answer.content.decode()
        bug = client.get("/api/v1/vendor/ledger/bad-query", headers=acme)
        assert bug.status_code == 500
        assert b"no_such_table" not in bug.content
