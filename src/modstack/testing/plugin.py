"""The pytest fixtures of :mod:`modstack.testing` (``pytest_plugins = ["modstack.testing"]``).

def test_invoices_are_per_tenant(modstack_tenant):
    acme = modstack_tenant("acme", modules=["billing"])
    assert acme.get("/api/v1/vendor/billing/invoices").status_code == 200
    globex = modstack_tenant("globex")
    assert globex.get("/api/v1/vendor/billing/invoices").status_code == 403

The app is FastAPI's unless ``modstack_adapter`` says ``"flask"`` or ``"django"``
(override it, or set ``[tool.modstack] framework`` in ``pyproject.toml`` as ``modstack
new app --framework ...`` does); the fixtures are the same for all three. For Django,
the project's settings module (``DJANGO_SETTINGS_MODULE``) is the app, with the test's
values over its ``MODSTACK``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from modstack.cli.tree import configured_framework, modules_path, package_names
from modstack.migrations import Migrations, module_migrations
from modstack.registry import Registry
from modstack.settings import ModstackSettings
from modstack.testing.client import TenantClient

MakeTenant = Callable[..., TenantClient]
ADAPTERS = ("fastapi", "flask", "django")


@pytest.fixture
def modstack_adapter() -> str:
    """The web framework the app is built with: ``"fastapi"``, ``"flask"`` or
    ``"django"``. Override
    it in your ``conftest.py``; by default it is ``[tool.modstack] framework`` in the
    nearest ``pyproject.toml``, else ``"fastapi"``."""
    return configured_framework() or "fastapi"


@pytest.fixture
def modstack_modules() -> Path:
    """The modules folder under test. Override it in your ``conftest.py``; by default it
    is found as the ``modstack`` command finds it (``MODSTACK_MODULES``,
    ``[tool.modstack] modules`` in ``pyproject.toml``, then ``app/modules``)."""
    path, _ = modules_path(None)
    return path.resolve()


@pytest.fixture
def modstack_packages() -> tuple[str, ...]:
    """Packages scanned for class-style modules (the Flask seed's ``core.modules``), with
    the modules folder. Override it in your ``conftest.py``; by default it is found as
    the ``modstack`` command finds it (``MODSTACK_PACKAGE``, then ``[tool.modstack]
    package`` in ``pyproject.toml``, whose folder becomes importable), else none."""
    return package_names()


@pytest.fixture
def modstack_settings(
    tmp_path: Path,
    modstack_modules: Path,
    modstack_packages: tuple[str, ...],
    modstack_adapter: str,
) -> ModstackSettings:
    """Settings for one test: the modules under test (``modstack_modules`` and
    ``modstack_packages``), a SQLite database of the test's own, the ``test``
    environment and a fresh admin token. The environment and ``.env`` are not read, so
    a developer's settings cannot leak into a test; for Django these values go over the
    project's own ``MODSTACK`` settings."""
    test_values: dict[str, Any] = {
        "modules": str(modstack_modules),
        "package": ",".join(modstack_packages),
        "database_url": f"sqlite:///{tmp_path / 'modstack.db'}",
        "environment": "test",
        "admin_token": SecretStr(secrets.token_urlsafe(24)),
        "staleness": 0.2,
        "outbox_interval": 0.1,
    }
    if modstack_adapter == "django":
        from modstack.testing.django_project import project_settings

        return project_settings(test_values)
    return ModstackSettings(**test_values, _env_file=None)  # type: ignore[call-arg]


@pytest.fixture
def modstack_app(modstack_settings: ModstackSettings, modstack_adapter: str) -> Any:
    """The app over the modules under test (a FastAPI or a Flask app, as
    ``modstack_adapter`` says; for Django, the project's ``Modstack``), its database
    migrated (every module's branch, in dependency order) before it starts. The modules
    are the ones the app itself found, so the fixtures see the tree exactly as the app
    does."""
    if modstack_adapter not in ADAPTERS:
        pytest.fail(f"modstack_adapter is {modstack_adapter!r}; expected one of {ADAPTERS}")
    if modstack_adapter == "flask":
        from modstack.flask import create_app as create_flask_app

        app: Any = create_flask_app(settings=modstack_settings)
        _migrate(app.extensions["modstack"].registry, modstack_settings)
        return app
    if modstack_adapter == "django":
        from modstack.testing.django_project import project_modstack

        app = project_modstack(modstack_settings)
        _migrate(app.registry, modstack_settings)
        return app
    from modstack.fastapi import create_app

    app = create_app(settings=modstack_settings)
    _migrate(app.state.modstack.registry, modstack_settings)
    return app


def _migrate(registry: Registry, settings: ModstackSettings) -> None:
    """Apply every module's migrations (modstack's own tables are the app's to make)."""
    if not module_migrations(registry):
        return
    migrations = Migrations(registry, settings.database_url)
    try:
        migrations.upgrade()
    finally:
        migrations.dispose()


@pytest.fixture
def modstack_client(modstack_app: Any, modstack_adapter: str) -> Iterator[Any]:
    """A test client of the running app (its modules started, stopped after the test):
    FastAPI's ``TestClient``, for Flask a ``FlaskTestClient``, for Django a
    ``DjangoTestClient`` (the project serving this test's stack): the same methods, and a
    response's ``json()`` is its body on all three."""
    if modstack_adapter == "django":
        from modstack.testing.django_project import serving

        with serving(modstack_app) as client:
            yield client
        return
    if modstack_adapter == "flask":
        from modstack.testing.flask_client import FlaskTestClient

        stack = modstack_app.extensions["modstack"]
        stack.start()
        try:
            yield FlaskTestClient(modstack_app)
        finally:
            stack.stop()
        return
    from fastapi.testclient import TestClient

    with TestClient(modstack_app) as client:
        yield client


@pytest.fixture
def modstack_tenant(modstack_client: Any, modstack_adapter: str) -> MakeTenant:
    """Create a tenant and get a client that speaks as it:
    ``modstack_tenant("acme", modules=["billing"])`` (the modules' requirements are
    enabled too; core modules always are)."""
    if modstack_adapter == "flask":
        extension = modstack_client.app.extensions["modstack"]
        tenancy, resolver = extension.core.tenancy, extension.resolver
    elif modstack_adapter == "django":
        tenancy, resolver = modstack_client.app.core.tenancy, modstack_client.app.resolver
    else:
        stack = modstack_client.app.state.modstack
        tenancy, resolver = stack.tenancy, stack.resolver

    def make(name: str, *, modules: Iterable[str] = ()) -> TenantClient:
        tenancy.create_tenant(name, modules=list(modules))
        return TenantClient(modstack_client, resolver, name)

    return make


@pytest.fixture
def modstack_admin_headers(modstack_settings: ModstackSettings) -> dict[str, str]:
    """The ``Authorization`` header of the admin API for this test's app."""
    token = modstack_settings.admin_token
    if token is None:
        pytest.fail("modstack_settings has no admin_token; set one to call the admin API")
    return {"Authorization": f"Bearer {token.get_secret_value()}"}
