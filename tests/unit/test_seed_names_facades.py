"""Each seed's own code, as its documentation writes it (imports aside), runs against
modstack's facades and does what the seed says: the Django seed's services, service manager,
``SERVICE_CONFIGS`` and ``settings_manager``; the Flask seed's module manager; the Wizamart
seed's registry and module service."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import modstack
from modstack import ModuleDefinition
from modstack.compat import BaseModule, definition_from_class
from modstack.config import SettingsManager
from modstack.errors import ModuleNotFound, SettingError
from modstack.kernel import Kernel
from modstack.registry import Registry
from modstack.services import (
    SERVICE_CONFIGS,
    SERVICE_SETTINGS,
    BaseService,
    ServiceManager,
    ServiceRegistry,
    ServiceRuntime,
)
from modstack.tenancy import TenancyService, TenancyStore


def definitions() -> list[ModuleDefinition]:
    return [
        ModuleDefinition("core", tier="core", source="<seed>", import_name=None),
        ModuleDefinition("payments", source="<seed>", import_name=None),
        ModuleDefinition("billing", requires=["payments"], source="<seed>", import_name=None),
        ModuleDefinition("my_module", source="<seed>", import_name=None),
        ModuleDefinition("monitoring", tier="internal", source="<seed>", import_name=None),
    ]


@pytest.fixture
def registry() -> Registry:
    return modstack.resolve(definitions())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TenancyStore]:
    created = TenancyStore(f"sqlite:///{tmp_path / 'seed.db'}")
    created.migrate()
    yield created
    created.dispose()


# -- the Django seed ----------------------------------------------------------------------


class MyService(BaseService):
    service_name = "my_service"
    version = "1.0.0"
    retry_delay = 0.001
    cache_timeout = 300

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.attempts = 0
        self.fetched: list[str] = []

    def initialize(self) -> bool:
        return True

    def cleanup(self) -> bool:
        return True

    def my_operation(self, data: str) -> str:
        return str(self.retry_operation(self._do_operation, data))

    def _do_operation(self, data: str) -> str:
        self.attempts += 1
        if self.attempts < 3:
            raise ConnectionError("the gateway blinked")
        return data.upper()

    def get_data(self, key: str) -> Any:
        cached = self.get_cached(key)
        if cached:
            return cached
        data = self._fetch_data(key)
        self.set_cached(key, data)
        return data

    def _fetch_data(self, key: str) -> dict[str, str]:
        self.fetched.append(key)
        return {"key": key}


class PrimaryService(BaseService):
    service_name = "primary_service"
    retry_attempts = 1

    def operation_name(self, data: int) -> int:
        raise ConnectionError("primary is down")


class BackupService(BaseService):
    service_name = "backup_service"

    def operation_name(self, data: int) -> int:
        return data * 2


def services() -> ServiceRegistry:
    registry = ServiceRegistry(ServiceRuntime())
    for cls in (MyService, PrimaryService, BackupService):
        registry.register(cls)
    return registry


def test_the_django_seeds_service_runs_with_retries_and_its_cache() -> None:
    registry = services()
    service = registry.create_service("my_service")
    assert isinstance(service, MyService)
    assert service.my_operation("ok") == "OK"
    assert service.attempts == 3  # two connection errors retried, as the seed's retry_attempts
    assert service.get_data("rates") == {"key": "rates"}
    assert service.get_data("rates") == {"key": "rates"}
    assert service.fetched == ["rates"]  # the second read came from the cache
    assert registry.get_service("my_service") is service
    health = service.get_health_status()
    assert (health["service"], health["status"]) == ("my_service", "healthy")
    assert registry.get_service_info()["my_service"]["version"] == "1.0.0"
    assert registry.get_service_health_summary()["status"] == "healthy"


def test_the_django_seeds_service_manager_falls_back() -> None:
    registry = services()
    registry.create_service("primary_service")
    registry.create_service("backup_service")
    service_manager = ServiceManager(registry)
    result = service_manager.call_service_with_fallback(
        "primary_service", "operation_name", fallback_service="backup_service", data=21
    )
    assert result == 42
    health = service_manager.get_service_health_summary()
    assert set(health["services"]) == {"primary_service", "backup_service"}
    with pytest.raises(ConnectionError, match="primary is down"):
        service_manager.call_service_with_fallback("primary_service", "operation_name", data=1)


def test_the_django_seeds_service_configs_tune_a_service(monkeypatch: pytest.MonkeyPatch) -> None:
    assert SERVICE_CONFIGS is SERVICE_SETTINGS  # one dict, two names
    monkeypatch.setitem(SERVICE_CONFIGS, "my_service", {"timeout": 30, "retry_attempts": 5})
    service = services().create_service("my_service")
    assert (service.timeout, service.retry_attempts) == (30.0, 5)


def test_the_django_seeds_settings_manager(registry: Registry, store: TenancyStore) -> None:
    settings_manager = SettingsManager(registry, store, environ={}, env_file=None)
    settings_manager.register_module_settings(
        "my_module", {"api_key": "your-api-key", "timeout": 30, "retry_attempts": 3}
    )
    api_key = settings_manager.get_setting("api_key", module_name="my_module")
    timeout = settings_manager.get_setting("timeout", default=60)
    assert (api_key, timeout) == ("your-api-key", 60)
    assert settings_manager.get_setting("timeout", "my_module") == 30
    assert settings_manager.validate_settings() == []
    with pytest.raises(ModuleNotFound):
        settings_manager.register_module_settings("ghost", {"key": "value"})


def test_the_django_seeds_validation_rule_dict(registry: Registry, store: TenancyStore) -> None:
    settings_manager = SettingsManager(registry, store, environ={}, env_file=None)
    settings_manager.register_module_settings("my_module", {"api_key": "your-api-key"})
    settings_manager.add_validation_rule(
        "my_module",
        "api_key",
        {"type": "string", "required": True, "min_length": 32, "max_length": 64},
    )
    problems = [str(p) for p in settings_manager.validate_settings()]
    assert problems == ["module 'my_module': api_key (from default): must be at least 32 long"]
    with pytest.raises(SettingError, match="must be at least 32 long"):
        settings_manager.set_setting("my_module", "api_key", "short", actor="alice")


def test_an_invalid_setting_is_fixed_at_run_time(registry: Registry, store: TenancyStore) -> None:
    settings_manager = SettingsManager(registry, store, environ={}, env_file=None)
    settings_manager.register_module_settings("my_module", {"api_key": "your-api-key"})
    settings_manager.add_validation_rule("my_module", "api_key", min_length=32)
    assert len(settings_manager.validate_settings()) == 1
    # Before, reading the old value raised ModuleConfigError: the fix could not be stored.
    fixed = settings_manager.set_setting("my_module", "api_key", "k" * 40, actor="alice")
    assert (fixed.old, fixed.new) == ("your-api-key", "k" * 40)
    assert settings_manager.validate_settings() == []
    assert settings_manager.get_setting("api_key", module_name="my_module") == "k" * 40


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ({"type": "text"}, "unknown rule type 'text'; choices are: string, str, integer"),
        ({"min_len": 3}, "unknown rule option 'min_len'; choices are: type, required"),
        ({"type": 3}, "rule type must be a type or one of string"),
    ],
)
def test_a_rule_the_seed_would_not_understand_names_module_field_and_option(
    registry: Registry, store: TenancyStore, rule: dict[str, Any], reason: str
) -> None:
    settings_manager = SettingsManager(registry, store, environ={}, env_file=None)
    settings_manager.register_module_settings("my_module", {"api_key": "your-api-key"})
    with pytest.raises(SettingError, match=reason) as refused:
        settings_manager.add_validation_rule("my_module", "api_key", rule)
    assert (refused.value.module, refused.value.field) == ("my_module", "api_key")
    assert settings_manager.validate_settings() == []  # nothing was added


# -- the Flask seed -----------------------------------------------------------------------


class ConnectionApi(BaseModule):
    NAME = "connection_api"

    def health_check(self) -> dict[str, Any]:
        return {"status": "healthy", "connections": 3}


class WalletModule(BaseModule):
    NAME = "wallet_module"
    DEPENDENCIES = ("connection_api",)


def test_the_flask_seeds_module_manager_names() -> None:
    found = [definition_from_class(WalletModule), definition_from_class(ConnectionApi)]
    module_manager = Kernel(modstack.resolve(found))

    async def run() -> None:
        async with module_manager.running():
            registry = module_manager.registry
            assert registry.get_module_load_order() == ["connection_api", "wallet_module"]
            assert not registry.has_circular_dependencies()
            assert registry.get_dependency_graph()["wallet_module"] == ["connection_api"]
            is_loaded = module_manager.is_module_loaded("wallet_module")
            wallet_module = module_manager.get_module("wallet_module")
            health = await module_manager.get_module_health("connection_api")
            status = module_manager.get_module_status()
            assert is_loaded
            assert isinstance(wallet_module.instance, WalletModule)
            assert (health["status"], health["connections"]) == ("healthy", 3)
            assert status["counts"] == {"active": 2}
        assert not module_manager.is_module_loaded("wallet_module")

    asyncio.run(run())


# -- the Wizamart seed --------------------------------------------------------------------


def test_the_wizamart_seeds_registry_and_module_service(
    registry: Registry, store: TenancyStore
) -> None:
    assert set(registry.MODULES) == {"core", "payments", "billing", "my_module", "monitoring"}
    assert set(registry.CORE_MODULES) == {"core"}
    assert set(registry.INTERNAL_MODULES) == {"monitoring"}
    assert set(registry.OPTIONAL_MODULES) == {"payments", "billing", "my_module"}
    billing = registry.get_module("billing")
    assert billing.code == "billing"
    assert registry.get_module_tier("billing") == "optional"
    assert registry.get_core_module_codes() == {"core"}

    module_service = TenancyService(registry, store)
    module_service.create_tenant("acme", modules=[])
    db, platform_id = object(), "acme"
    assert not module_service.is_module_enabled(db, platform_id, "billing")
    module_service.enable_module(db, platform_id, "billing", user_id=7)  # enables payments too
    assert module_service.is_module_enabled(db, platform_id, "billing")
    modules = module_service.get_platform_modules(db, platform_id)
    assert [d.code for d in modules] == ["core", "payments", "billing"]
    module_service.disable_module(db, platform_id, "payments", user_id=7)  # billing goes too
    assert not module_service.is_module_enabled(db, platform_id, "billing")
