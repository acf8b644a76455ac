"""``build_stack``: complete when built, run as an async context manager or in a thread
of its own (WSGI), with typed kernel plugins checked when they are given."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import modstack
from modstack.kernel import Kernel, Lifecycle, ModuleRuntime
from modstack.registry import Registry
from modstack.settings import ModstackSettings
from modstack.stack import Stack, build_stack
from tests.conftest import journal_of

TREE = Path(__file__).parents[1] / "assets/kernel-app/modules"


@pytest.fixture
def registry() -> Registry:
    return modstack.resolve(modstack.discover(TREE))


@pytest.fixture
def journal(registry: Registry) -> Iterator[list[tuple[Any, ...]]]:
    yield from journal_of(registry)


def _stack(tmp_path: Path, registry: Registry, **options: Any) -> Stack:
    settings = ModstackSettings(modules=str(TREE), database_url=f"sqlite:///{tmp_path / 'm.db'}")
    return build_stack(settings, registry=registry, **options)


class Recorder:
    """A plugin playing every role, recording what the kernel told it."""

    step = "recorder"

    def __init__(self) -> None:
        self.seen: list[tuple[str, str]] = []

    def start_module(self, runtime: ModuleRuntime) -> None:
        self.seen.append(("start", runtime.code))

    async def stop_module(self, runtime: ModuleRuntime) -> None:
        self.seen.append(("stop", runtime.code))

    def module_state_changed(self, runtime: ModuleRuntime) -> None:
        self.seen.append((runtime.state.value, runtime.code))


def test_a_built_stack_is_complete_and_runs_its_plugins(tmp_path: Path, registry: Registry) -> None:
    recorder = Recorder()
    stack = _stack(tmp_path, registry, plugins=[recorder])
    parts = (stack.kernel, stack.tenancy, stack.settings_manager, stack.events, stack.outbox,
             stack.tasks, stack.services, stack.engine)  # fmt: skip
    assert all(part is not None for part in parts)
    assert stack.registry is stack.kernel.registry

    async def run() -> Lifecycle:
        async with stack.running() as running:
            assert running.serving
            return running.kernel.get_module("core").state

    assert asyncio.run(run()) is Lifecycle.ACTIVE
    assert ("start", "core") in recorder.seen
    assert ("stop", "core") in recorder.seen
    assert recorder.seen.index(("start", "core")) < recorder.seen.index(("active", "core"))
    assert not stack.serving


def test_a_plugin_that_plays_no_role_is_refused_by_name(registry: Registry) -> None:
    class Mistyped:
        def start(self, runtime: ModuleRuntime) -> None: ...

    with pytest.raises(
        TypeError, match=r"kernel plugin .*Mistyped.* plays no role: .*start_module"
    ):
        Kernel(registry, plugins=[Mistyped()])
    kernel = Kernel(registry)
    with pytest.raises(TypeError, match="plays no role"):
        kernel.add_plugin(object())


def test_a_failing_plugin_fails_the_module_naming_its_step(registry: Registry) -> None:
    class Routes:
        step = "routes"

        def start_module(self, runtime: ModuleRuntime) -> None:
            if runtime.code == "core":
                raise RuntimeError("no router")

    kernel = Kernel(registry, plugins=[Routes()])
    asyncio.run(kernel.start())
    assert kernel.get_module("core").reason == "routes failed: RuntimeError: no router"
    asyncio.run(kernel.stop())


def test_a_stack_runs_in_a_thread_for_wsgi_apps_and_stops_at_the_end(
    tmp_path: Path, registry: Registry, journal: list[tuple[Any, ...]]
) -> None:
    stack = _stack(tmp_path, registry)
    thread = stack.run_in_thread()
    try:
        assert stack.run_in_thread() is thread  # once per process
        assert stack.kernel.get_module("core").is_active
        answers: list[dict[str, Any]] = []

        def view() -> None:  # a WSGI request thread reaching async module code
            answers.append(stack.call(stack.kernel.health("core")))

        request = threading.Thread(target=view)
        request.start()
        request.join(30)
        assert answers[0]["status"] == "healthy"
    finally:
        thread.stop()
    assert ("stop", "core") in journal
    assert not stack.serving


def test_a_stack_that_cannot_start_says_why_in_the_calling_thread(
    tmp_path: Path, registry: Registry
) -> None:
    class Refuses:
        def module_state_changed(self, runtime: ModuleRuntime) -> None:
            raise RuntimeError("listener broke")

    stack = _stack(tmp_path, registry, plugins=[Refuses()])
    with pytest.raises(RuntimeError, match="listener broke"):
        stack.run_in_thread()


def test_a_stack_built_before_a_fork_runs_in_the_child_on_connections_of_its_own(
    tmp_path: Path, registry: Registry
) -> None:
    # gunicorn --preload: the master builds the app (and the stack), each worker runs it.
    stack = _stack(tmp_path, registry)
    inherited = stack.engine.pool.checkedin()
    assert inherited >= 1  # the migration's connection, pooled in the parent
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child process
        ok = False
        try:
            thread = stack.run_in_thread()
            ok = stack.kernel.get_module("core").is_active and (
                stack.call(stack.kernel.health("core"))["status"] == "healthy"
            )
            thread.stop()
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    stack.close()
