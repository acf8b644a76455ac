"""Tasks in process (the embedded default) against real tenancy on SQLite."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import modstack
from modstack.errors import ModuleNotFound, TaskRefusedError
from modstack.registry import Registry
from modstack.tasks import Tasks, discover_tasks
from modstack.tenancy import TenancyService, connect

TREE = Path(__file__).parents[2] / "assets/tasks-app/modules"


@pytest.fixture
def registry() -> Registry:
    return modstack.resolve(modstack.discover(TREE))


@pytest.fixture
def tenancy(registry: Registry, tmp_path: Path) -> Iterator[TenancyService]:
    service = connect(registry, database=f"sqlite:///{tmp_path / 'm.db'}", redis_url="")
    service.create_tenant("acme", modules=["marketplace"])
    service.create_tenant("globex", modules=[])
    yield service
    service.close()
    service.store.dispose()


@pytest.fixture
def tasks(registry: Registry, tenancy: TenancyService) -> Iterator[Tasks]:
    running = Tasks(registry, tenancy)
    yield running
    running.close()


def test_each_modules_tasks_are_found_under_its_code(registry: Registry) -> None:
    specs = discover_tasks(registry)
    assert sorted(specs) == ["marketplace.import_feed", "marketplace.recount"]
    assert {spec.module for spec in specs.values()} == {"marketplace"}


def test_a_task_runs_with_its_tenant(tasks: Tasks) -> None:
    assert tasks.enqueue("marketplace.import_feed", 120, tenant="acme").result(10) == {
        "tenant": "acme",
        "imported": 120,
    }
    assert tasks.enqueue("marketplace.recount", 41, tenant="acme").result(10) == 42


def test_a_task_for_a_tenant_without_the_module_is_refused_and_recorded(
    tasks: Tasks, tenancy: TenancyService
) -> None:
    message = (
        "task 'marketplace.import_feed' refused at enqueue: "
        "module 'marketplace' is not enabled for tenant 'globex'"
    )
    with pytest.raises(TaskRefusedError, match=re.escape(message)):
        tasks.enqueue("marketplace.import_feed", 1, tenant="globex")
    [refusal] = tenancy.store.refusals()
    assert (refusal["task"], refusal["tenant"], refusal["stage"]) == (
        "marketplace.import_feed",
        "globex",
        "enqueue",
    )


def test_a_module_disabled_before_the_task_runs_refuses_it_at_run(
    tasks: Tasks, tenancy: TenancyService
) -> None:
    handle = tasks.enqueue("marketplace.import_feed", 5, tenant="acme", countdown=0.5)
    tenancy.disable("acme", "marketplace", actor="alice")
    with pytest.raises(TaskRefusedError, match="refused at run"):
        handle.result(10)
    assert tenancy.store.refusals()[0]["stage"] == "run"


def test_an_unknown_task_is_named(tasks: Tasks) -> None:
    with pytest.raises(ModuleNotFound, match=re.escape("did you mean 'marketplace.import_feed'")):
        tasks.enqueue("marketplace.import_fed", tenant="acme")


def test_disabling_a_module_stops_its_tasks_for_that_tenant_only(
    tasks: Tasks, tenancy: TenancyService
) -> None:
    tenancy.create_tenant("initech", modules=["marketplace"])
    tenancy.disable("acme", "marketplace", actor="alice")
    with pytest.raises(TaskRefusedError, match="tenant 'acme'"):
        tasks.enqueue("marketplace.import_feed", 1, tenant="acme")
    assert tasks.enqueue("marketplace.import_feed", 2, tenant="initech").result(10) == {
        "tenant": "initech",
        "imported": 2,
    }
