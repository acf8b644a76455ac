"""TenancyService over the embedded default: a real SQLite file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

import modstack.db
from modstack.errors import (
    CoreModuleError,
    NotAllowedError,
    StalePlanError,
    StoreUnavailableError,
    TenantExistsError,
    TenantNotFound,
)
from modstack.registry import Registry
from modstack.tenancy import Actor, InProcessNotifier, ModuleState, TenancyService, TenancyStore
from tests.unit.tenancy.conftest import shop_definitions


@contextmanager
def statements(store: TenancyStore) -> Iterator[list[str]]:
    """Record every SQL statement the store sends while the block runs."""
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    sa.event.listen(store.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", record)


def test_a_new_tenant_starts_with_core_and_the_default_set(service: TenancyService) -> None:
    plan = service.create_tenant("acme")
    assert [c.code for c in plan.changes] == ["cart"]
    assert service.enabled_modules("acme") == {"core", "tenancy", "cart"}
    with pytest.raises(TenantExistsError, match="tenant 'acme' already exists"):
        service.create_tenant("acme")


def test_enable_and_disable_cascade_and_answer_from_the_snapshot(service: TenancyService) -> None:
    service.create_tenant("acme", modules=[])
    enabled = service.enable("acme", "checkout", actor="alice", reason="launch")
    assert enabled.codes == ("cart", "payments", "orders", "checkout")
    assert service.is_enabled("acme", "payments")
    disabled = service.disable("acme", "payments", actor="bob", reason="contract ended")
    assert disabled.codes == ("checkout", "orders", "payments", "cart")
    assert not service.is_enabled("acme", "checkout")
    assert service.is_enabled("acme", "core")


def test_no_query_is_made_on_a_hit(service: TenancyService) -> None:
    service.create_tenant("acme")
    service.is_enabled("acme", "cart")
    with statements(service.store) as sent:
        for _ in range(1000):
            assert service.is_enabled("acme", "cart")
            assert not service.is_enabled("acme", "billing")
    assert sent == []


def test_an_unknown_tenant_is_an_error_and_is_not_queried_again_at_once(
    service: TenancyService,
) -> None:
    with pytest.raises(TenantNotFound, match="no tenant 'ghost'; create it first"):
        service.is_enabled("ghost", "cart")
    with statements(service.store) as sent, pytest.raises(TenantNotFound):
        service.is_enabled("ghost", "cart")
    assert sent == []


def test_a_previewed_plan_applies_only_to_the_state_it_saw(service: TenancyService) -> None:
    service.create_tenant("acme", modules=[])
    preview = service.plan_enable("acme", "billing")
    assert service.audit(tenant="acme", limit=None) == []  # previews write nothing
    service.enable("acme", "cart", actor="carol")
    with pytest.raises(StalePlanError, match="tenant 'acme' changed since this plan was made"):
        service.apply(preview, actor="alice")
    fresh = service.plan_enable("acme", "billing")
    applied = service.apply(fresh, actor="alice", reason="upsell")
    assert applied.id == fresh.id
    assert service.is_enabled("acme", "billing")


def test_every_change_is_audited_with_its_plan(service: TenancyService) -> None:
    service.create_tenant("acme", modules=[])
    plan = service.enable("acme", "billing", actor="alice", reason="upsell")
    records = service.audit(tenant="acme")
    assert [(r.code, r.before, r.after, r.why) for r in records] == [
        ("billing", ModuleState.DISABLED, ModuleState.ENABLED, "requested"),
        ("payments", ModuleState.DISABLED, ModuleState.DEPENDENCY, "required by billing"),
    ]
    assert {(r.plan_id, r.actor, r.reason, r.tenant) for r in records} == {
        (plan.id, "alice", "upsell", "acme")
    }
    assert all(r.at.tzinfo is not None for r in records)
    [stored] = [p for p in service.store.plans(tenant="acme") if p.id == plan.id]
    assert (stored.action, stored.code, stored.base_version) == ("enable", "billing", 1)


def test_refused_changes_write_nothing(service: TenancyService) -> None:
    service.create_tenant("acme", modules=["billing"])
    before = service.audit(limit=None)
    with pytest.raises(CoreModuleError):
        service.disable("acme", "tenancy", actor="alice")
    with pytest.raises(NotAllowedError, match="only admins may change it"):
        service.enable("acme", "ops", actor="alice")
    assert service.audit(limit=None) == before
    service.enable("acme", "ops", actor=Actor.admin("root"))
    assert service.is_enabled("acme", "ops")


def test_an_empty_plan_writes_nothing(service: TenancyService) -> None:
    service.create_tenant("acme", modules=["billing"])
    version = service.store.load("acme").version
    assert service.enable("acme", "billing", actor="alice").is_empty
    assert service.store.load("acme").version == version


def test_status_reports_states_orphans_and_inconsistencies(shop: Registry, database: str) -> None:
    first = modstack.tenancy.connect(shop, database=database, redis_url="")
    first.create_tenant("acme", modules=["billing", "cart"])
    first.close()
    # The code changes: cart and checkout are removed, and billing gains a requirement.
    changed = [d for d in shop_definitions() if d.code not in ("cart", "checkout", "billing")]
    changed.append(modstack.ModuleDefinition("billing", requires=["payments", "inventory"]))
    later = modstack.tenancy.connect(modstack.resolve(changed), database=database, redis_url="")
    status = later.status("acme")
    assert status.orphans == ("cart",)
    assert status.inconsistent == ("billing",)
    assert "billing" not in later.enabled_modules("acme")
    assert status.enabled == ("core", "payments", "tenancy")
    states = {m.code: m.state for m in status.modules}
    assert states["billing"] is ModuleState.ENABLED
    assert states["payments"] is ModuleState.DEPENDENCY
    later.close()


def test_the_wizamart_names_work(service: TenancyService) -> None:
    db = object()  # the seed passes a session first; it is accepted and ignored
    service.create_tenant("acme", modules=[])
    service.enable_module(db, "acme", "billing", user_id=42)
    assert service.is_module_enabled(db, "acme", "billing")
    assert [d.code for d in service.get_platform_modules(db, "acme")] == [
        "core",
        "payments",
        "billing",
        "tenancy",
    ]
    assert service.audit(tenant="acme", limit=1)[0].actor == "42"
    service.disable_module("acme", "billing")
    assert not service.is_module_enabled("acme", "billing")


def test_a_shared_notifier_updates_other_services_at_once(shop: Registry, database: str) -> None:
    notifier = InProcessNotifier()
    store = TenancyStore(database)
    store.migrate()
    writer = TenancyService(shop, store, notifier=notifier, staleness=60)
    reader = TenancyService(shop, TenancyStore(database), notifier=notifier, staleness=60)
    writer.create_tenant("acme", modules=[])
    assert not reader.is_enabled("acme", "billing")
    writer.enable("acme", "billing", actor="alice")
    assert reader.is_enabled("acme", "billing")
    writer.close()
    reader.close()


def test_without_notification_the_version_check_converges_within_the_bound(
    shop: Registry, database: str
) -> None:
    store = TenancyStore(database)
    store.migrate()
    writer = TenancyService(shop, store, notifier=InProcessNotifier())
    reader = TenancyService(
        shop, TenancyStore(database), notifier=InProcessNotifier(), staleness=0.2
    )
    writer.create_tenant("acme", modules=[])
    assert not reader.is_enabled("acme", "billing")
    writer.enable("acme", "billing", actor="alice")
    changed_at = time.monotonic()
    while not reader.is_enabled("acme", "billing"):
        assert time.monotonic() - changed_at < 5, "the reader never saw the change"
        time.sleep(0.01)
    writer.close()
    reader.close()


def test_migrations_are_idempotent_and_labelled(database: str) -> None:
    store = TenancyStore(database)
    store.migrate()
    store.migrate()
    with store.engine.connect() as connection:
        versions = (
            connection.execute(sa.text("SELECT version_num FROM modstack_alembic_version"))
            .scalars()
            .all()
        )
        mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
    versions_dir = Path(modstack.db.__file__).parent / "migrations/versions"
    newest = max(p.name for p in versions_dir.glob("modstack_*.py"))
    assert versions == [newest[: len("modstack_000")]]
    assert mode == "wal"
    store.dispose()


def test_an_unreachable_database_is_a_clear_error_without_the_password() -> None:
    store = TenancyStore("postgresql+psycopg://app:s3cret@127.0.0.1:1/shop?connect_timeout=1")
    with pytest.raises(
        StoreUnavailableError, match=r"tenancy database at postgresql\+psycopg://app:\*\*\*@"
    ) as caught:
        store.load("acme")
    assert "s3cret" not in str(caught.value)
    assert "nothing was written" in str(caught.value)
    store.dispose()
