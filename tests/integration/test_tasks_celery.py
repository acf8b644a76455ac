"""A real Celery worker (`modstack worker`) against a real Redis broker."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import modstack
from modstack.errors import TaskRefusedError
from modstack.tasks import Tasks
from modstack.tenancy import TenancyService, connect
from tests.integration.servers import RedisServer

TREE = Path(__file__).parents[1] / "assets/tasks-app/modules"


@pytest.fixture
def tenancy(tmp_path: Path) -> Iterator[TenancyService]:
    registry = modstack.resolve(modstack.discover(TREE))
    service = connect(registry, database=f"sqlite:///{tmp_path / 'm.db'}", redis_url="")
    service.create_tenant("acme", modules=["marketplace"])
    service.create_tenant("globex", modules=[])
    yield service
    service.close()
    service.store.dispose()


@pytest.fixture
def worker(
    tmp_path: Path, redis_server: RedisServer, tenancy: TenancyService
) -> Iterator[subprocess.Popen[str]]:
    env = {
        **os.environ,
        "MODSTACK_MODULES": str(TREE),
        "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'm.db'}",
        "MODSTACK_TASKS_BROKER_URL": redis_server.url,
        "MODSTACK_STALENESS": "0.2",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "modstack", "worker", "--concurrency", "2", "--loglevel", "WARNING"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    first = process.stdout.readline()
    assert "modstack worker: 2 tasks: marketplace.import_feed, marketplace.recount" in first, first
    yield process
    process.terminate()
    process.wait(30)
    process.stdout.close()


def test_a_celery_worker_runs_module_tasks_for_enabled_tenants_only(
    worker: subprocess.Popen[str], tenancy: TenancyService, redis_server: RedisServer
) -> None:
    tasks = Tasks(tenancy.registry, tenancy, broker_url=redis_server.url)
    try:
        result = tasks.enqueue("marketplace.import_feed", 7, tenant="acme")
        assert result.result(30) == {"tenant": "acme", "imported": 7}
        assert tasks.enqueue("marketplace.recount", 1, tenant="acme").result(30) == 2
        with pytest.raises(TaskRefusedError, match="refused at enqueue"):
            tasks.enqueue("marketplace.import_feed", 1, tenant="globex")
        late = tasks.enqueue("marketplace.import_feed", 3, tenant="acme", countdown=2)
        tenancy.disable("acme", "marketplace", actor="alice")
        with pytest.raises(Exception, match="refused at run"):
            late.result(30)
        deadline = time.monotonic() + 10
        while not any(r["stage"] == "run" for r in tenancy.store.refusals()):
            assert time.monotonic() < deadline, "the worker did not record the refusal"
            time.sleep(0.05)
    finally:
        tasks.close()
