"""A module's Celery ``@shared_task`` sent the Celery way (``task.delay(...)``) to a real
``modstack worker`` over a real Redis broker runs only for tenants with the module on."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import modstack
from modstack.registry import Registry
from modstack.tasks import CeleryRunner, Tasks
from modstack.tenancy import TenancyService, connect
from tests.integration.servers import RedisServer

TREE = Path(__file__).parents[1] / "assets/celery-shared-app/modules"


@pytest.fixture
def tenancy(tmp_path: Path) -> Iterator[TenancyService]:
    registry = modstack.resolve(modstack.discover(TREE))
    service = connect(registry, database=f"sqlite:///{tmp_path / 'm.db'}", redis_url="")
    service.create_tenant("acme", modules=["loyalty"])
    service.create_tenant("globex", modules=[])
    yield service
    service.close()
    service.store.dispose()


def shared_task_of(registry: Registry) -> Any:
    package = registry.get("loyalty").package
    return importlib.import_module(f"{package}.tasks").award_points


def test_a_shared_task_applied_in_process_is_gated_by_its_tenant(
    tenancy: TenancyService, redis_server: RedisServer
) -> None:
    tasks = Tasks(tenancy.registry, tenancy, broker_url=redis_server.url)
    runner = tasks.runner
    assert isinstance(runner, CeleryRunner)
    task: Any = runner.app.tasks["loyalty.award_points"]
    try:
        ran = task.apply(args=("ada", 3), kwargs={"tenant": "acme"})
        assert ran.get() == {"tenant": "acme", "customer": "ada", "points": 3}
        refused = task.apply(args=("bob", 3), kwargs={"tenant": "globex"})
        assert refused.status == "FAILURE"
        assert "refused at run: module 'loyalty' is not enabled for tenant 'globex'" in str(
            refused.result
        )
        no_tenant = task.apply(args=("eve", 3))
        assert no_tenant.status == "FAILURE"
        assert "sent without a tenant" in str(no_tenant.result)
        assert [r["tenant"] for r in tenancy.store.refusals()][:1] == ["globex"]
    finally:
        tasks.close()


def test_a_worker_runs_a_shared_task_sent_with_delay_for_enabled_tenants_only(
    tmp_path: Path, tenancy: TenancyService, redis_server: RedisServer
) -> None:
    env = {
        **os.environ,
        "MODSTACK_MODULES": str(TREE),
        "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}",
        "MODSTACK_TASKS_BROKER_URL": redis_server.url,
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "modstack", "worker", "--concurrency", "1", "--loglevel", "WARNING"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert worker.stdout is not None
    try:
        assert "loyalty.award_points" in worker.stdout.readline()
        tasks = Tasks(tenancy.registry, tenancy, broker_url=redis_server.url)
        try:
            award = shared_task_of(tenancy.registry)
            sent = award.delay("ada", 7, tenant="acme")
            assert sent.get(timeout=30) == {"tenant": "acme", "customer": "ada", "points": 7}
            with pytest.raises(Exception, match="not enabled for tenant 'globex'"):
                award.delay("bob", 7, tenant="globex").get(timeout=30)
        finally:
            tasks.close()
    finally:
        worker.terminate()
        worker.wait(30)
        worker.stdout.close()
