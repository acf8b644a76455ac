"""Celery's own ``@shared_task`` in a module's ``tasks/``: found, and run only for tenants
with the module on, whether modstack enqueues it or the caller sends it with Celery."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import modstack
from modstack.errors import DefinitionError, TaskRefusedError
from modstack.registry import Registry
from modstack.tasks import Tasks, discover_tasks
from modstack.tenancy import TenancyService, connect

ASSETS = Path(__file__).parents[2] / "assets"


@pytest.fixture
def registry() -> Registry:
    return modstack.resolve(modstack.discover(ASSETS / "celery-shared-app/modules"))


@pytest.fixture
def tenancy(registry: Registry, tmp_path: Path) -> Iterator[TenancyService]:
    service = connect(registry, database=f"sqlite:///{tmp_path / 'm.db'}", redis_url="")
    service.create_tenant("acme", modules=["loyalty"])
    service.create_tenant("globex", modules=[])
    yield service
    service.close()
    service.store.dispose()


def test_a_shared_task_is_found_under_its_celery_name(registry: Registry) -> None:
    spec = discover_tasks(registry)["loyalty.award_points"]
    assert spec.module == "loyalty"
    assert spec.shared


def test_modstack_runs_a_shared_task_only_for_tenants_with_the_module(
    registry: Registry, tenancy: TenancyService
) -> None:
    tasks = Tasks(registry, tenancy)
    try:
        result = tasks.enqueue("loyalty.award_points", "ada", 5, tenant="acme").result(10)
        assert result == {"tenant": "acme", "customer": "ada", "points": 5}
        with pytest.raises(TaskRefusedError, match="not enabled for tenant 'globex'"):
            tasks.enqueue("loyalty.award_points", "bob", 5, tenant="globex")
    finally:
        tasks.close()


def test_a_shared_task_without_a_tenant_argument_is_an_error_naming_the_file() -> None:
    registry = modstack.resolve(modstack.discover(ASSETS / "celery-no-tenant/modules"))
    with pytest.raises(DefinitionError, match=r"must take a `tenant` argument.*tasks/__init__\.py"):
        discover_tasks(registry)
