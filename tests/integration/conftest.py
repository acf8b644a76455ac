"""Real servers for the integration tests. Under CI=true a missing server fails the run;
elsewhere the tests that need it are skipped with the command that installs it."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import modstack
from modstack.registry import Registry
from tests.integration.servers import PostgresServer, RedisServer, postgres_bin

MARKETPLACE = Path(__file__).parents[2] / "examples/marketplace/app/modules"


def _missing(what: str, package: str) -> None:
    message = f"{what} is not installed; install it with: apt-get install -y {package}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def _start_postgres() -> PostgresServer:
    bin_dir = postgres_bin()
    if bin_dir is None:
        _missing("PostgreSQL", "postgresql")
    assert bin_dir is not None
    return PostgresServer(bin_dir)


def _start_redis() -> RedisServer:
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("Redis", "redis-server")
    assert binary is not None
    return RedisServer(binary)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = _start_postgres()
    yield server
    server.close()


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A server of the test's own, for tests that stop it."""
    server = _start_postgres()
    yield server
    server.close()


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = _start_redis()
    yield server
    server.close()


@pytest.fixture
def own_redis() -> Iterator[RedisServer]:
    """A Redis of the test's own, for tests that stop it."""
    server = _start_redis()
    yield server
    server.close()


@pytest.fixture
def pg_url(postgres: PostgresServer) -> str:
    """A fresh, empty database on the shared server."""
    return postgres.create_database(f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="session")
def marketplace() -> Registry:
    return modstack.resolve(modstack.discover(MARKETPLACE))
