"""The in-process runner: delayed tasks wait on timers, not on pool threads, and a task's
error is logged even when nobody reads its result."""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from modstack.tasks import InProcessRunner


class Recorder:
    """An ``execute`` that records the order tasks ran in; ``broken`` tasks raise."""

    def __init__(self) -> None:
        self.ran: list[str] = []
        self.lock = threading.Lock()

    def __call__(
        self, name: str, tenant: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        with self.lock:
            self.ran.append(name)
        if name.startswith("broken"):
            raise ValueError(f"{name} cannot parse row 3")
        return {"name": name, "tenant": tenant, "args": list(args)}


def test_delayed_tasks_do_not_hold_up_a_task_that_is_due() -> None:
    recorder = Recorder()
    runner = InProcessRunner(recorder, workers=4)
    try:
        delayed = [runner.submit(f"later-{i}", "acme", (), {}, countdown=30) for i in range(4)]
        now = runner.submit("now", "acme", (1,), {})

        assert now.result(timeout=20) == {"name": "now", "tenant": "acme", "args": [1]}
        assert recorder.ran == ["now"]
        assert not any(handle.done() for handle in delayed)
    finally:
        runner.close()
    assert all(handle.cancelled() for handle in delayed)  # closing drops what is not due
    assert recorder.ran == ["now"]


def test_a_delayed_task_runs_and_gives_its_result() -> None:
    recorder = Recorder()
    runner = InProcessRunner(recorder, workers=1)
    try:
        handle = runner.submit("soon", "acme", (2,), {}, countdown=0.05)
        assert handle.result(timeout=20) == {"name": "soon", "tenant": "acme", "args": [2]}
    finally:
        runner.close()


@pytest.mark.parametrize("countdown", [0, 0.05])
def test_a_failing_task_is_logged_with_its_name_and_error(
    countdown: float, caplog: pytest.LogCaptureFixture
) -> None:
    runner = InProcessRunner(Recorder(), workers=1)
    with caplog.at_level(logging.ERROR, logger="modstack.tasks"):
        handle = runner.submit("broken.import", "acme", (), {}, countdown=countdown)
        with pytest.raises(ValueError, match="row 3"):
            handle.result(timeout=20)
        runner.close()  # the done-callbacks have run once the pool is shut down

    [record] = [r for r in caplog.records if r.name == "modstack.tasks"]
    assert "broken.import" in record.getMessage()
    assert "acme" in record.getMessage()
    assert "cannot parse row 3" in record.getMessage()
    assert record.exc_info is not None
