"""A route that meets a store outage answers 503 ``store_unavailable`` with no internal
address; other database errors are bugs and stay 500s."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from modstack.errors import StoreUnavailableError
from tests.integration.servers import free_port


def test_store_outages_answer_503_and_other_database_errors_stay_500(
    app: FastAPI, tmp_path: Path
) -> None:
    closed = f"postgresql+psycopg://modstack@127.0.0.1:{free_port()}/shop"
    sqlite = sa.create_engine(f"sqlite:///{tmp_path / 'shop.db'}")

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

    with TestClient(app, raise_server_exceptions=False) as client:
        for path in ("/tenancy-down", "/database-down"):
            answer = client.get(path)
            assert answer.status_code == 503, answer.text
            assert answer.json()["code"] == "store_unavailable"
            assert "127.0.0.1" not in answer.text
            assert "postgresql" not in answer.text
        bug = client.get("/bad-query")
        assert bug.status_code == 500
        assert "no_such_table" not in bug.text
    sqlite.dispose()
