"""The pytest fixtures of :mod:`modstack.testing` (``pytest_plugins = ["modstack.testing"]``).

def test_invoices_are_per_tenant(modstack_tenant):
    acme = modstack_tenant("acme", modules=["billing"])
    assert acme.get("/api/v1/vendor/billing/invoices").status_code == 200
    globex = modstack_tenant("globex")
    assert globex.get("/api/v1/vendor/billing/invoices").status_code == 403
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from modstack.cli.tree import modules_path
from modstack.discovery import discover
from modstack.fastapi import create_app
from modstack.graph import resolve
from modstack.migrations import Migrations, module_migrations
from modstack.settings import ModstackSettings
from modstack.testing.client import TenantClient

MakeTenant = Callable[..., TenantClient]


@pytest.fixture
def modstack_modules() -> Path:
    """The modules folder under test. Override it in your ``conftest.py``; by default it
    is found as the ``modstack`` command finds it (``MODSTACK_MODULES``,
    ``[tool.modstack] modules`` in ``pyproject.toml``, then ``app/modules``)."""
    path, _ = modules_path(None)
    return path.resolve()


@pytest.fixture
def modstack_settings(tmp_path: Path, modstack_modules: Path) -> ModstackSettings:
    """Settings for one test: the modules under test, a SQLite database of the test's own,
    the ``test`` environment and a fresh admin token. The environment and ``.env`` are not
    read, so a developer's settings cannot leak into a test."""
    return ModstackSettings(
        modules=str(modstack_modules),
        database_url=f"sqlite:///{tmp_path / 'modstack.db'}",
        environment="test",
        admin_token=SecretStr(secrets.token_urlsafe(24)),
        staleness=0.2,
        outbox_interval=0.1,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def modstack_app(modstack_settings: ModstackSettings) -> FastAPI:
    """The app over the modules under test, its database migrated (every module's
    branch, in dependency order) before it starts."""
    registry = resolve(discover(modstack_settings.modules))
    if module_migrations(registry):
        migrations = Migrations(registry, modstack_settings.database_url)
        try:
            migrations.upgrade()
        finally:
            migrations.dispose()
    return create_app(settings=modstack_settings)


@pytest.fixture
def modstack_client(modstack_app: FastAPI) -> Iterator[TestClient]:
    """A test client of the running app (its modules started, stopped after the test)."""
    with TestClient(modstack_app) as client:
        yield client


@pytest.fixture
def modstack_tenant(modstack_client: TestClient) -> MakeTenant:
    """Create a tenant and get a client that speaks as it:
    ``modstack_tenant("acme", modules=["billing"])`` (the modules' requirements are
    enabled too; core modules always are)."""
    stack = modstack_client.app.state.modstack  # type: ignore[attr-defined]

    def make(name: str, *, modules: Iterable[str] = ()) -> TenantClient:
        stack.tenancy.create_tenant(name, modules=list(modules))
        return TenantClient(modstack_client, stack.resolver, name)

    return make


@pytest.fixture
def modstack_admin_headers(modstack_settings: ModstackSettings) -> dict[str, str]:
    """The ``Authorization`` header of the admin API for this test's app."""
    token = modstack_settings.admin_token
    if token is None:
        pytest.fail("modstack_settings has no admin_token; set one to call the admin API")
    return {"Authorization": f"Bearer {token.get_secret_value()}"}
