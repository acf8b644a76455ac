"""Secret settings are never echoed, logged or audited in clear, and are stored encrypted
(or refused without a key); a change for an unknown tenant writes nothing. The raw rows
of the tables are read to prove it. Over a real SQLite file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

import modstack
from modstack.config import MASK, SettingsManager
from modstack.db.tables import settings as settings_table
from modstack.db.tables import settings_audit
from modstack.errors import InvalidNameError, InvalidTenantNameError, SettingError, TenantNotFound
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


def manager(registry: Registry, store: TenancyStore, **environ: str) -> SettingsManager:
    return SettingsManager(
        registry, store, environ={"BILLING_CURRENCY": "EUR", **environ}, env_file=None,
        staleness=0,
    )  # fmt: skip


def raw_rows(store: TenancyStore) -> list[str]:
    """Every row of the settings table and its audit, as the database holds them."""
    with store.engine.connect() as connection:
        rows = [*connection.execute(sa.select(settings_table)).all()]
        rows += connection.execute(sa.select(settings_audit)).all()
    return [repr(tuple(row)) for row in rows]


def test_without_a_key_a_secret_override_is_refused_and_nothing_is_stored(
    registry: Registry, store: TenancyStore
) -> None:
    settings = manager(registry, store)
    with pytest.raises(SettingError, match="MODSTACK_SECRET_KEY is not set") as refused:
        settings.set_setting("marketplace", "api_key", "SUPER-SECRET-1", actor="alice")
    assert (refused.value.module, refused.value.field) == ("marketplace", "api_key")
    assert "SUPER-SECRET-1" not in str(refused.value)
    assert raw_rows(store) == []
    settings.set_setting("marketplace", "batch_size", 7, actor="alice")  # others still work


def test_a_secret_is_stored_encrypted_and_masked_in_every_answer_and_audit_row(
    registry: Registry, store: TenancyStore
) -> None:
    key = Fernet.generate_key().decode()
    settings = manager(registry, store, MODSTACK_SECRET_KEY=key)
    heard = []
    settings.listeners.append(heard.append)
    change = settings.set_setting("marketplace", "api_key", "SUPER-SECRET-1", actor="alice")
    assert (change.old, change.new, change.secret) == (MASK, MASK, True)
    assert heard == [change]
    again = settings.set_setting("marketplace", "api_key", "SUPER-SECRET-2", actor="alice")
    assert (again.old, again.new) == (MASK, MASK)
    rows = raw_rows(store)
    assert len(rows) == 3  # the value and two audit rows
    for secret in ("SUPER-SECRET-1", "SUPER-SECRET-2", "dev-key"):
        assert not any(secret in row for row in rows), rows
    assert [(r["old"], r["new"]) for r in settings.audit()] == [(MASK, MASK), (MASK, MASK)]
    assert settings.export()["modules"]["marketplace"]["api_key"]["value"] == MASK
    config = manager(registry, store, MODSTACK_SECRET_KEY=key).get_module_config("marketplace")
    assert config.api_key.get_secret_value() == "SUPER-SECRET-2"  # type: ignore[union-attr]


def test_a_stored_secret_needs_its_key_to_be_read(registry: Registry, store: TenancyStore) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    manager(registry, store, MODSTACK_SECRET_KEY=old_key).set_setting(
        "marketplace", "api_key", "SUPER-SECRET-1", actor="alice"
    )
    for environ in ({}, {"MODSTACK_SECRET_KEY": new_key}):
        with pytest.raises(SettingError, match="MODSTACK_SECRET_KEY"):
            manager(registry, store, **environ).get_module_config("marketplace")
    rotated = manager(registry, store, MODSTACK_SECRET_KEY=f"{new_key},{old_key}")
    assert rotated.get_module_config("marketplace").api_key.get_secret_value() == "SUPER-SECRET-1"  # type: ignore[union-attr]
    with pytest.raises(SettingError, match="not a Fernet key"):
        manager(registry, store, MODSTACK_SECRET_KEY="hunter2").set_setting(
            "marketplace", "api_key", "x", actor="alice"
        )


def test_audit_rows_written_in_clear_before_encryption_are_masked_when_read(
    registry: Registry, store: TenancyStore
) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            sa.insert(settings_audit).values(
                scope="*", module="marketplace", field="api_key", old=json.dumps("dev-key"),
                new=json.dumps("legacy-secret"), actor="old", reason="", at=sa.func.now(),
            )
        )  # fmt: skip
    [row] = manager(registry, store).audit()
    assert (row["old"], row["new"]) == (MASK, MASK)


def test_a_change_for_an_unknown_tenant_is_refused_before_anything_is_written(
    registry: Registry, store: TenancyStore
) -> None:
    settings = manager(registry, store)
    with pytest.raises(TenantNotFound, match="no tenant 'ghost'"):
        settings.set_setting("marketplace", "batch_size", 5, actor="alice", tenant="ghost")
    with pytest.raises(InvalidTenantNameError):
        settings.set_setting("marketplace", "batch_size", 5, actor="alice", tenant="x" * 150)
    with pytest.raises(TenantNotFound):
        settings.apply({"marketplace": {"batch_size": 5}}, actor="a", tenant="ghost", dry_run=True)
    assert raw_rows(store) == []
    TenancyService(registry, store).create_tenant("ghost")
    settings.set_setting("marketplace", "batch_size", 5, actor="alice", tenant="ghost")
    assert len(raw_rows(store)) == 2


def test_an_actor_the_audit_table_cannot_hold_is_refused(
    registry: Registry, store: TenancyStore
) -> None:
    with pytest.raises(InvalidNameError, match="actor"):
        manager(registry, store).set_setting("marketplace", "batch_size", 5, actor="x" * 201)
    assert raw_rows(store) == []
