"""Where tasks run: a thread pool in this process (the embedded default), or Celery."""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

logger = logging.getLogger("modstack.tasks")

Execute = Callable[[str, str, tuple[Any, ...], dict[str, Any]], Any]
"""(task name, tenant, args, kwargs) -> result: runs one task, tenant check included."""


class TaskHandle(Protocol):
    """A submitted task."""

    def result(self, timeout: float | None = None) -> Any:
        """Wait for the result; re-raises the task's error."""


class Runner(Protocol):
    """Runs submitted tasks somewhere."""

    def submit(self, name: str, tenant: str, args: tuple[Any, ...], kwargs: dict[str, Any],
               *, countdown: float = 0) -> TaskHandle:  # fmt: skip
        """Queue one task."""

    def close(self) -> None:
        """Stop accepting tasks and let running ones finish."""


class InProcessRunner:
    """A thread pool: no broker, tasks run in this process (the demo's default).

    A delayed task (``countdown``) waits on a timer, not on a pool thread, so delayed
    tasks never hold up the tasks that are due. A task that raises is logged (logger
    ``modstack.tasks``, with its name and tenant) even when nobody reads its result.
    ``close()`` lets running tasks finish and cancels the delayed ones not yet due."""

    def __init__(self, execute: Execute, *, workers: int = 4) -> None:
        self.execute = execute
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="modstack-task")
        self._waiting: dict[threading.Timer, tuple[str, Future[Any]]] = {}
        self._lock = threading.Lock()

    def submit(self, name: str, tenant: str, args: tuple[Any, ...], kwargs: dict[str, Any],
               *, countdown: float = 0) -> Future[Any]:  # fmt: skip
        if countdown <= 0:
            running = self.pool.submit(self.execute, name, tenant, args, kwargs)
            running.add_done_callback(functools.partial(_log_failure, name, tenant))
            return running
        delayed: Future[Any] = Future()
        delayed.add_done_callback(functools.partial(_log_failure, name, tenant))

        def due() -> None:
            try:
                if not delayed.set_running_or_notify_cancel():
                    return  # cancelled while it waited
                try:
                    running = self.pool.submit(self.execute, name, tenant, args, kwargs)
                except RuntimeError as error:  # the pool was shut down meanwhile
                    delayed.set_exception(error)
                    return
                running.add_done_callback(functools.partial(_settle, delayed))
            finally:
                with self._lock:
                    self._waiting.pop(timer, None)

        timer = threading.Timer(countdown, due)
        timer.name = f"modstack-task-timer-{name}"
        timer.daemon = True
        with self._lock:
            self._waiting[timer] = (name, delayed)
        timer.start()
        return delayed

    def close(self) -> None:
        with self._lock:
            waiting = list(self._waiting.items())
            self._waiting.clear()
        for timer, (name, delayed) in waiting:
            timer.cancel()
            if delayed.cancel():
                logger.warning("delayed task %s was cancelled: the runner closed first", name)
        for timer, _ in waiting:
            timer.join()  # one that fired is handing its task to the pool
        self.pool.shutdown(wait=True)


def _settle(delayed: Future[Any], ran: Future[Any]) -> None:
    """Give the delayed task's future the outcome of its run."""
    error = ran.exception()
    if error is not None:
        delayed.set_exception(error)
    else:
        delayed.set_result(ran.result())


def _log_failure(name: str, tenant: str, done: Future[Any]) -> None:
    """Log the error of a task that raised (nobody may ever read its result)."""
    if done.cancelled():
        return
    error = done.exception()
    if error is not None:
        logger.error(
            "task %s for tenant %s failed: %r",
            name,
            tenant,
            error,
            exc_info=(type(error), error, error.__traceback__),
        )


class CeleryRunner:
    """Celery with the broker at ``broker_url`` (Redis); ``modstack worker`` runs the
    workers. Every module task is registered under its own name; a module's Celery
    ``@shared_task`` keeps its own, and runs only after the same tenant check, however it
    was sent (``task.delay(..., tenant=...)`` included)."""

    def __init__(
        self,
        execute: Execute,
        *,
        broker_url: str,
        names: list[str],
        shared: Collection[str] = (),
    ) -> None:
        try:
            from celery import Celery
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise ImportError("Celery tasks need celery: pip install 'modstack[celery]'") from None
        self.app = Celery("modstack", broker=broker_url, backend=broker_url)
        self.app.conf.update(
            task_serializer="json",
            result_serializer="json",
            accept_content=["json"],
            broker_connection_retry_on_startup=True,
        )
        self.shared = frozenset(shared)
        for name in names:
            if name not in self.shared:
                self._register(name, execute)
        for name in sorted(self.shared):
            self._gate_shared(name, execute)

    def _register(self, name: str, execute: Execute) -> None:
        def run(tenant: str, args: list[Any], kwargs: dict[str, Any]) -> Any:
            return execute(name, tenant, tuple(args), kwargs)

        run.__name__ = name.replace(".", "_").replace("-", "_")
        self.app.task(name=name)(run)

    def _gate_shared(self, name: str, execute: Execute) -> None:
        # Celery registered the shared task on this app itself; its body now runs only
        # through ``execute``, which checks the tenant the call names.
        task = self.app.tasks[name]
        original = task.run
        signature = inspect.signature(original)

        def gated(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind_partial(*args, **kwargs)
            tenant = bound.arguments.pop("tenant", None)
            if not isinstance(tenant, str):
                raise TypeError(f"task {name!r} was sent without a tenant: pass tenant=...")
            return execute(name, tenant, (), dict(bound.arguments))

        gated.__wrapped__ = original  # type: ignore[attr-defined]
        task.run = gated

    def submit(self, name: str, tenant: str, args: tuple[Any, ...], kwargs: dict[str, Any],
               *, countdown: float = 0) -> TaskHandle:  # fmt: skip
        if name in self.shared:
            sent = self.app.send_task(
                name, args=args, kwargs={**kwargs, "tenant": tenant}, countdown=countdown or None
            )
        else:
            sent = self.app.send_task(
                name, args=(tenant, list(args), kwargs), countdown=countdown or None
            )
        return _CeleryHandle(sent)

    def close(self) -> None:
        self.app.close()


class _CeleryHandle:
    """A Celery ``AsyncResult`` with the runner protocol's ``result(timeout)``."""

    def __init__(self, async_result: Any) -> None:
        self.async_result = async_result

    def result(self, timeout: float | None = None) -> Any:
        return self.async_result.get(timeout=timeout)
