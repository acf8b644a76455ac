"""Tenancy against real PostgreSQL and Redis servers: serialisable concurrent changes,
cross-process invalidation within the staleness bound, and outages."""

from __future__ import annotations

import multiprocessing
import time
from collections import defaultdict
from collections.abc import Callable, Iterator

import pytest

from modstack.errors import StoreUnavailableError
from modstack.registry import Registry
from modstack.tenancy import (
    SYSTEM,
    ModuleState,
    NotifierChoice,
    TenancyService,
    TenancyStore,
    TenantState,
    connect,
    plan_create,
    plan_disable,
    plan_enable,
)
from tests.integration import workers
from tests.integration.servers import PostgresServer, RedisServer

spawn = multiprocessing.get_context("spawn")


def test_the_service_works_on_postgres(marketplace: Registry, pg_url: str) -> None:
    service = connect(marketplace, database=pg_url, redis_url="", notifier="in-process")
    service.create_tenant("acme", modules=["catalog"])
    service.enable("acme", "checkout", actor="alice", reason="launch")
    assert service.enabled_modules("acme") >= {"checkout", "cart", "orders", "payments", "catalog"}
    plan = service.disable("acme", "payments", actor="bob")
    assert set(plan.codes) == {"payments", "orders", "checkout", "cart"}
    assert [r.code for r in service.audit(tenant="acme", limit=1)] == ["cart"]
    service.close()
    service.store.dispose()


# -- concurrent changes from many processes -----------------------------------------------


def check_invariants(state: TenantState, registry: Registry) -> None:
    on = state.stored | registry.core_codes
    assert state.stored <= registry.modules.keys(), "a stored module the code does not know"
    assert state.stored.isdisjoint(registry.core_codes), "core is implicit"
    for code in on:
        missing = registry.dependencies(code) - on
        assert not missing, f"{state.tenant}: {code} is enabled without {missing}"
    needed = registry.dependency_closure(state.explicit | registry.core_codes)
    assert state.by_dependency <= needed, "a dependency-only module nothing needs"


def replay(registry: Registry, store: TenancyStore, tenant: str) -> TenantState:
    """Rebuild a tenant from its plans and audit records, checking that each plan is what
    the planner makes from the state before it — i.e. the plans ran in one serial order."""
    changes = defaultdict(list)
    for record in reversed(store.audit(tenant=tenant, limit=None)):
        changes[record.plan_id].append(record)
    state = TenantState(tenant, 0, frozenset(), frozenset())
    for number, plan in enumerate(store.plans(tenant=tenant)):
        assert plan.base_version == number, "versions are consecutive: no two plans shared a base"
        if plan.action == "create":
            expected = plan_create(
                registry, tenant, tuple(plan.code.split(",")) if plan.code else ()
            )
        elif plan.action == "enable":
            expected = plan_enable(registry, state, plan.code)
        else:
            expected = plan_disable(registry, state, plan.code)
        recorded = [(r.code, r.before, r.after) for r in changes[plan.id]]
        assert recorded == [(c.code, c.before, c.after) for c in expected.changes], plan
        for record in changes[plan.id]:
            assert state.state_of(record.code, registry) is record.before
        state = state.with_changes((r.code, r.after) for r in changes[plan.id])
        check_invariants(state, registry)
    assert state.version == number + 1
    return state


def test_concurrent_operations_from_many_processes_serialise(
    marketplace: Registry, pg_url: str
) -> None:
    tenants = ["acme", "globex"]
    setup = connect(marketplace, database=pg_url, redis_url="", notifier="in-process")
    for tenant in tenants:
        setup.create_tenant(tenant, modules=["catalog"])
    start, results = spawn.Event(), spawn.Queue()
    processes = [
        spawn.Process(
            target=workers.random_operations, args=(pg_url, seed, 60, tenants, start, results)
        )
        for seed in range(4)
    ]
    for process in processes:
        process.start()
    start.set()
    applied = dict(results.get(timeout=240) for _ in processes)
    for process in processes:
        process.join(30)
        assert process.exitcode == 0
    assert sum(applied.values()) > 60, applied  # real contention, not 240 no-ops
    for tenant in tenants:
        stored = setup.store.load(tenant)
        check_invariants(stored, marketplace)
        rebuilt = replay(marketplace, setup.store, tenant)
        assert (rebuilt.explicit, rebuilt.by_dependency) == (stored.explicit, stored.by_dependency)
        assert len(setup.store.plans(tenant=tenant)) == stored.version  # one plan per version
    setup.close()
    setup.store.dispose()


# -- another process sees a change ----------------------------------------------------------


def watch_change(
    url: str,
    *,
    notifier: NotifierChoice,
    staleness: float,
    redis_url: str = "",
    before_change: Callable[[], None] = lambda: None,
    change: Callable[[], None],
) -> tuple[float, float]:
    """Start a watcher process, make the change here, and return (seconds from the start
    of the change to the watcher seeing it, seconds the change itself took)."""
    ready, seen = spawn.Event(), spawn.Queue()
    watcher = spawn.Process(
        target=workers.watch,
        args=(url, redis_url, notifier, staleness, "acme", "billing", ready, seen),
    )
    watcher.start()
    assert ready.wait(60), seen.get(timeout=5) if not seen.empty() else "watcher did not start"
    before_change()
    started = time.monotonic()
    change()
    written = time.monotonic()
    observed = seen.get(timeout=60)
    watcher.join(30)
    assert isinstance(observed, float), observed
    return observed - started, written - started


@pytest.fixture
def acme(marketplace: Registry, pg_url: str) -> Iterator[TenancyService]:
    service = connect(marketplace, database=pg_url, redis_url="", notifier="in-process")
    service.create_tenant("acme", modules=[])
    yield service
    service.close()
    service.store.dispose()


def test_redis_carries_a_change_to_another_process_at_once(
    acme: TenancyService, pg_url: str, redis_server: RedisServer, marketplace: Registry
) -> None:
    writer = connect(marketplace, database=pg_url, redis_url=redis_server.url, migrate=False)
    latency, _ = watch_change(
        pg_url,
        notifier="redis",
        redis_url=redis_server.url,
        staleness=30,  # the version check cannot be what delivers it
        change=lambda: writer.enable("acme", "billing", actor="alice"),
    )
    assert latency < 1.0
    writer.close()
    writer.store.dispose()


def test_with_redis_stopped_the_version_check_still_converges(
    acme: TenancyService, pg_url: str, own_redis: RedisServer, marketplace: Registry
) -> None:
    writer = connect(marketplace, database=pg_url, redis_url=own_redis.url, migrate=False)
    latency, _ = watch_change(
        pg_url,
        notifier="redis",
        redis_url=own_redis.url,
        staleness=0.5,
        before_change=own_redis.stop,
        change=lambda: writer.enable("acme", "billing", actor="alice"),  # publish fails, logged
    )
    assert latency < 0.5 + 1.5
    assert writer.is_enabled("acme", "billing")
    writer.close()
    writer.store.dispose()


def test_listen_notify_carries_a_change_without_redis(acme: TenancyService, pg_url: str) -> None:
    latency, _ = watch_change(
        pg_url,
        notifier="postgres",
        staleness=30,
        change=lambda: acme.enable("acme", "billing", actor="alice"),
    )
    assert latency < 1.0


# -- the database goes away for a while -------------------------------------------------------


def test_while_the_database_is_down_reads_serve_the_snapshot_and_writes_fail_clearly(
    marketplace: Registry, own_postgres: PostgresServer
) -> None:
    url = own_postgres.create_database("shop")
    service = connect(marketplace, database=url, redis_url="", notifier="in-process", staleness=0.1)
    service.create_tenant("acme", modules=["billing"])
    assert service.is_enabled("acme", "billing")
    own_postgres.stop()
    time.sleep(0.5)  # several failed version checks in the background
    for _ in range(100):
        assert service.is_enabled("acme", "billing")
        assert not service.is_enabled("acme", "checkout")
    with pytest.raises(
        StoreUnavailableError,
        match=r"the tenancy database at .* is unavailable; nothing was written",
    ):
        service.enable("acme", "checkout", actor=SYSTEM)
    own_postgres.start()
    service.enable("acme", "checkout", actor=SYSTEM)
    assert service.is_enabled("acme", "checkout")
    assert service.status("acme").modules[0].state is ModuleState.ENABLED
    service.close()
    service.store.dispose()
