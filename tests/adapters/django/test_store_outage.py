"""PostgreSQL stopped under a serving Django project: a request for a tenant the gate has
not seen answers 503 ``store_unavailable`` (closed, never open) with no internal address,
and the gate admits it again once the server is back."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import settings_for
from tests.adapters.django.project import serving
from tests.integration.conftest import _missing
from tests.integration.servers import PostgresServer, postgres_bin

PING = "/api/v1/vendor/notes/ping"


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    bin_dir = postgres_bin()
    if bin_dir is None:  # as the integration tests: under CI a missing server fails
        _missing("PostgreSQL", "postgresql")
    server = PostgresServer(bin_dir)
    yield server
    server.close()


def test_the_gate_refuses_while_the_store_is_down(
    own_postgres: PostgresServer, tmp_path: Path
) -> None:
    url = own_postgres.create_database(f"t_{uuid.uuid4().hex[:12]}")
    with serving(Modstack(settings_for(tmp_path, database_url=url))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        stack.core.tenancy.create_tenant("globex", modules=["notes"])
        client = Client()
        assert client.get(PING, headers={"X-Tenant": "acme"}).status_code == 200
        own_postgres.stop()
        try:
            answer = client.get(PING, headers={"X-Tenant": "globex"})
            assert answer.status_code == 503, answer.content
            assert answer.json()["code"] == "store_unavailable"
            assert answer["Retry-After"] == "5"
            for secret in ("127.0.0.1", str(own_postgres.port), "Traceback", "psycopg"):
                assert secret not in answer.content.decode()
        finally:
            own_postgres.start()
        assert client.get(PING, headers={"X-Tenant": "globex"}).status_code == 200
