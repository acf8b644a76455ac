"""Module settings: sources and their order, validation, rules, live changes for every
tenant or one, export and import, over a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

import modstack
from modstack.config import MASK, ConfigChanged, SettingsManager
from modstack.errors import ModuleConfigError, SettingError
from modstack.registry import Registry
from modstack.tenancy import TenancyService, TenancyStore

TREE = Path(__file__).parents[2] / "assets/config-app/modules"


@pytest.fixture
def registry() -> Registry:
    return modstack.resolve(modstack.discover(TREE))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[TenancyStore]:
    created = TenancyStore(f"sqlite:///{tmp_path / 'm.db'}")
    created.migrate()
    yield created
    created.dispose()


def manager(
    registry: Registry, store: TenancyStore, tmp_path: Path, **environ: str
) -> SettingsManager:
    return SettingsManager(
        registry, store, environ={"BILLING_CURRENCY": "EUR", **environ},
        env_file=tmp_path / ".env", secrets_dir=tmp_path / "secrets", staleness=0,
    )  # fmt: skip


def test_sources_in_order_with_where_each_value_came_from(
    registry: Registry, store: TenancyStore, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("MARKETPLACE_API_TIMEOUT=45\nMARKETPLACE_BATCH_SIZE=7\n")
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets/marketplace_api_key").write_text("s3cret\n")
    settings = manager(
        registry,
        store,
        tmp_path,
        MODULE_MARKETPLACE_BATCH_SIZE="250",
        MARKETPLACE_TAGS='["new", "sale"]',
    )
    settings.explicit["marketplace"] = {"feed_url": "https://feeds.internal/items"}
    config = settings.get_module_config("marketplace")
    assert config is not None
    assert (config.api_timeout, config.batch_size, config.tags) == (45, 250, ["new", "sale"])  # type: ignore[attr-defined]
    assert config.api_key.get_secret_value() == "s3cret"  # type: ignore[attr-defined]
    sources = {field: s.source for field, s in settings.sourced("marketplace").items()}
    assert sources == {
        "api_timeout": ".env:MARKETPLACE_API_TIMEOUT",
        "batch_size": "env:MODULE_MARKETPLACE_BATCH_SIZE",
        "api_key": f"secrets:{tmp_path / 'secrets/marketplace_api_key'}",
        "feed_url": "explicit",
        "tags": "env:MARKETPLACE_TAGS",
    }
    assert settings.get_setting("batch_size", "marketplace") == 250
    assert settings.get_setting("missing", "marketplace", default="x") == "x"


def test_every_invalid_setting_of_every_module_is_reported_together(
    registry: Registry, store: TenancyStore, tmp_path: Path
) -> None:
    environ = {"MARKETPLACE_API_TIMEOUT": "0", "MARKETPLACE_BATCH_SIZE": "99999"}
    settings = SettingsManager(registry, store, environ=environ, env_file=None)
    problems = [str(p) for p in settings.validate_settings()]
    assert problems == [
        "module 'billing': currency (from default): required",
        "module 'marketplace': api_timeout (from env:MARKETPLACE_API_TIMEOUT): "
        "Input should be greater than 0",
        "module 'marketplace': batch_size (from env:MARKETPLACE_BATCH_SIZE): must be at most 10000",
    ]
    with pytest.raises(ModuleConfigError, match=r"module 'billing': invalid settings .*currency"):
        settings.get_module_config("billing")


def test_rules_added_at_run_time(registry: Registry, store: TenancyStore, tmp_path: Path) -> None:
    settings = manager(registry, store, tmp_path)
    settings.add_validation_rule("billing", "currency", choices=["EUR", "USD"], min_length=3)
    assert settings.validate_settings("billing") == []
    with pytest.raises(
        SettingError, match="module 'billing': setting 'currency': must be one of 'EUR', 'USD'"
    ):
        settings.set_setting("billing", "currency", "GBP", actor="alice")
    with pytest.raises(
        SettingError, match="no such setting; choices are: currency, invoice_prefix"
    ):
        settings.add_validation_rule("billing", "curency", required=True)


def test_set_setting_validates_stores_audits_and_announces(
    registry: Registry, store: TenancyStore, tmp_path: Path
) -> None:
    settings = manager(registry, store, tmp_path)
    heard: list[ConfigChanged] = []
    settings.listeners.append(heard.append)
    with pytest.raises(SettingError, match=r"api_timeout.*greater than 0"):
        settings.set_setting("marketplace", "api_timeout", -1, actor="alice")
    assert settings.audit() == []  # nothing written
    change = settings.set_setting(
        "marketplace", "feed_url", "https://x.example", actor="alice", reason="new feed"
    )
    assert (change.old, change.new, change.requires_restart) == (
        "https://feeds.example/items",
        "https://x.example",
        True,
    )
    assert heard == [change]
    assert settings.get_module_config("marketplace").feed_url == "https://x.example"  # type: ignore[union-attr]
    assert settings.sourced("marketplace")["feed_url"].source == "database"
    [record] = settings.audit()
    assert (record["module"], record["field"], record["actor"], record["reason"]) == (
        "marketplace",
        "feed_url",
        "alice",
        "new feed",
    )
    other = manager(registry, store, tmp_path)  # another worker sees it from the store
    assert other.get_module_config("marketplace").feed_url == "https://x.example"  # type: ignore[union-attr]


def test_setting_the_value_already_in_effect_changes_nothing_and_says_so(
    registry: Registry, store: TenancyStore, tmp_path: Path
) -> None:
    settings = manager(registry, store, tmp_path)
    heard: list[ConfigChanged] = []
    settings.listeners.append(heard.append)
    first = settings.set_setting("marketplace", "api_timeout", 10, actor="alice")
    again = settings.set_setting("marketplace", "api_timeout", 10, actor="alice")
    default = settings.get_module_config("marketplace").feed_url  # type: ignore[union-attr]
    unchanged = settings.set_setting("marketplace", "feed_url", default, actor="bob")
    assert first.stored
    assert (again.old, again.new, again.stored) == (10, 10, False)
    assert (unchanged.old, unchanged.new, unchanged.stored) == (default, default, False)
    assert heard == [first]  # announced once
    assert len(settings.audit()) == 1  # audited once


def test_a_tenant_override_stays_with_its_tenant(
    registry: Registry, store: TenancyStore, tmp_path: Path
) -> None:
    TenancyService(registry, store).create_tenant("acme")
    settings = manager(registry, store, tmp_path)
    settings.set_setting("marketplace", "batch_size", 5, actor="alice", tenant="acme")
    assert settings.get_module_config("marketplace", "acme").batch_size == 5  # type: ignore[union-attr]
    assert settings.get_module_config("marketplace", "globex").batch_size == 100  # type: ignore[union-attr]
    assert settings.get_module_config("marketplace").batch_size == 100  # type: ignore[union-attr]
    with pytest.raises(SettingError, match="tenants may not override it"):
        settings.set_setting("marketplace", "api_timeout", 5, actor="alice", tenant="acme")


def test_export_import_round_trip_with_secrets_masked_or_included(
    registry: Registry, store: TenancyStore, tmp_path: Path
) -> None:
    key = Fernet.generate_key().decode()
    settings = manager(registry, store, tmp_path, MARKETPLACE_API_KEY="live-key",
                       MODSTACK_SECRET_KEY=key)  # fmt: skip
    exported = settings.export()
    assert exported["modules"]["marketplace"]["api_key"] == {
        "value": MASK,
        "source": "env:MARKETPLACE_API_KEY",
    }
    with pytest.raises(SettingError, match="setting 'api_key': is a masked secret placeholder"):
        settings.import_settings(exported, actor="bob")  # the mask is never stored as the secret
    assert settings.audit() == []
    changed = json.loads(json.dumps(settings.export(include_secrets=True)))
    changed["modules"]["marketplace"]["api_key"]["value"] = "rotated-key"
    changed["modules"]["marketplace"]["batch_size"]["value"] = 500
    preview = settings.import_settings(changed, actor="bob", dry_run=True)
    assert sorted((c.field, c.new) for c in preview) == [
        ("api_key", MASK),  # a secret is never echoed, not even in a preview
        ("batch_size", 500),
    ]
    assert settings.audit() == []
    settings.import_settings(changed, actor="bob")
    again = settings.export(include_secrets=True)
    assert again["modules"]["marketplace"]["api_key"]["value"] == "rotated-key"
    assert again["modules"]["marketplace"]["batch_size"] == {"value": 500, "source": "database"}


def test_an_import_applies_all_or_nothing(
    registry: Registry, store: TenancyStore, tmp_path: Path
) -> None:
    settings = manager(registry, store, tmp_path)
    with pytest.raises(SettingError):
        settings.import_settings({"marketplace": {"batch_size": 10, "api_timeout": 0}}, actor="bob")
    assert settings.get_module_config("marketplace").batch_size == 100  # type: ignore[union-attr]


def test_the_environment_variables_read_are_listed(
    registry: Registry, store: TenancyStore, tmp_path: Path
) -> None:
    variables = dict(manager(registry, store, tmp_path).env_variables())
    assert variables["BILLING_CURRENCY"] is True
    assert variables["MODULE_BILLING_CURRENCY"] is False
    assert "MARKETPLACE_API_KEY" in variables
