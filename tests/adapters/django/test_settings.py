"""modstack's settings in a Django project: ``MODSTACK`` entries and ``MODSTACK_*``
settings over the environment, the database of ``DATABASES["default"]``, a tenant
resolver by dotted path, and a clear error for an unknown key."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured

from modstack.django.adapter import from_django_settings
from modstack.django.settings import (
    database_url_of,
    install_service_configs,
    settings_from_django,
)
from modstack.web.request import RequestHead
from tests.adapters.django.project import CONTRACT_TREE


def test_modstack_settings_win_over_the_modstack_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MODSTACK_DATABASE_URL", raising=False)
    project = SimpleNamespace(
        MODSTACK={"modules": "app/modules", "default_tenant": "main"},
        MODSTACK_MODULES=str(CONTRACT_TREE),
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "/tmp/x.db"}},
    )
    settings = settings_from_django(project)
    assert settings.modules == str(CONTRACT_TREE)
    assert settings.default_tenant == "main"
    assert settings.database_url == "sqlite:////tmp/x.db"


def test_the_default_database_becomes_a_sqlalchemy_url() -> None:
    postgres = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "app",
        "PASSWORD": "p@ss",
        "HOST": "db",
        "PORT": "5432",
    }
    url = database_url_of({"default": postgres})
    assert url == "postgresql+psycopg://app:p%40ss@db:5432/shop"
    assert database_url_of({"default": {"ENGINE": "x.oracle", "NAME": "o"}}) is None
    assert database_url_of({}) is None


def test_an_unknown_key_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    project = SimpleNamespace(MODSTACK={"modules": "m", "databse_url": "sqlite://"})
    with pytest.raises(ImproperlyConfigured, match="databse_url"):
        settings_from_django(project)
    with pytest.raises(ImproperlyConfigured, match="must be a dict"):
        settings_from_django(SimpleNamespace(MODSTACK=["modules"]))
    with pytest.raises(ImproperlyConfigured, match="staleness"):
        settings_from_django(SimpleNamespace(MODSTACK={"staleness": -1}))


def test_a_tenant_resolver_by_dotted_path(tmp_path: Path) -> None:
    project = SimpleNamespace(
        MODSTACK={
            "modules": str(CONTRACT_TREE),
            "database_url": f"sqlite:///{tmp_path / 'm.db'}",
            "tenant_resolver": "modstack.web.tenants.PathPrefixTenant",
        }
    )
    stack = from_django_settings(project)
    try:
        assert stack.resolver.resolve(RequestHead("GET", "/t/acme/x")) == "acme"
    finally:
        stack.core.close()


def test_service_configs_in_settings_tune_the_services(monkeypatch: pytest.MonkeyPatch) -> None:
    from modstack.services import SERVICE_CONFIGS, BaseService, ServiceRuntime

    class Gateway(BaseService):
        service_name = "django_gateway"
        timeout = 10.0

    monkeypatch.delitem(SERVICE_CONFIGS, "django_gateway", raising=False)
    monkeypatch.delenv("SERVICE_DJANGO_GATEWAY_TIMEOUT", raising=False)
    project = SimpleNamespace(SERVICE_CONFIGS={"django_gateway": {"timeout": 3}})
    install_service_configs(project)
    try:
        assert Gateway(runtime=ServiceRuntime()).timeout == 3.0
    finally:
        SERVICE_CONFIGS.pop("django_gateway", None)
    with pytest.raises(ImproperlyConfigured, match="SERVICE_CONFIGS"):
        install_service_configs(SimpleNamespace(SERVICE_CONFIGS={"x": 3}))


def test_a_tenant_resolver_is_named_by_its_class_or_a_dotted_path() -> None:
    from modstack.django.settings import tenant_resolver_of
    from modstack.web.tenants import HeaderTenant, PathPrefixTenant

    def named(value: object) -> object:
        return tenant_resolver_of(SimpleNamespace(MODSTACK={"tenant_resolver": value}))

    assert isinstance(named("PathPrefixTenant"), PathPrefixTenant)
    assert isinstance(named("modstack.web.tenants.HeaderTenant"), HeaderTenant)
    given = PathPrefixTenant("/shops")
    assert named(given) is given
    assert named(None) is None
    for wrong in ("PathPrefix", "no.such.Resolver", "SubdomainTenant"):  # the last needs a domain
        with pytest.raises(ImproperlyConfigured, match="tenant_resolver") as raised:
            named(wrong)
        assert "PathPrefixTenant" in str(raised.value)
