"""Background tasks per module, tenant-aware: a thread pool by default, Celery at scale.

# app/modules/marketplace/tasks/__init__.py
from modstack.tasks import task

@task()
def import_feed(path: str, tenant: str) -> int: ...

tasks.enqueue("marketplace.import_feed", "feed.csv", tenant="acme")
"""

from modstack.tasks.registry import TaskSpec, discover_tasks, task
from modstack.tasks.runners import CeleryRunner, InProcessRunner, Runner, TaskHandle
from modstack.tasks.service import Tasks

__all__ = [
    "CeleryRunner",
    "InProcessRunner",
    "Runner",
    "TaskHandle",
    "TaskSpec",
    "Tasks",
    "discover_tasks",
    "task",
]
