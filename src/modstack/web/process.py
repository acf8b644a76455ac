"""What the WSGI adapters (Flask, Django) share about running the stack: it runs in a
thread of each serving process (``Stack.run_in_thread``), started by that process's
first request — again in a forked worker, never in a gunicorn master that only forks."""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from modstack.stack import Stack


class StackPerProcess:
    """``start()`` once per process, ``stop()``; a subclass adds what follows the
    modules' start in :meth:`started_here` (its route tables, its views)."""

    core: Stack
    _started_in: int | None = None
    _start_lock: ClassVar[threading.Lock] = threading.Lock()

    @property
    def started(self) -> bool:
        """True when the stack runs in this process."""
        return self._started_in == os.getpid()

    def start(self) -> None:
        """Start the stack in this process (once; again in a forked worker)."""
        if self._started_in == os.getpid():
            return
        with self._start_lock:
            if self._started_in != os.getpid():
                self.core.run_in_thread()
                self.started_here()
                self._started_in = os.getpid()

    def started_here(self) -> None:
        """Called once the modules run in this process, before its first request."""

    def stop(self) -> None:
        """Stop the modules and close the stack's connections."""
        thread = self.core._thread
        if thread is not None:
            thread.stop()
        self.core.close()
        self._started_in = None
