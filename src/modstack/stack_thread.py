"""``StackThread``: a stack running in a daemon thread with an event loop of its own,
for WSGI servers (Flask, Django) where the app never touches asyncio."""

from __future__ import annotations

import asyncio
import atexit
import os
import threading
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from typing import Any, TypeVar

T = TypeVar("T")


class StackThread:
    """Runs ``running()`` (an async context manager factory) on its own loop until
    ``stop()`` or interpreter exit."""

    def __init__(self, running: Callable[[], AbstractAsyncContextManager[Any]]) -> None:
        self.running = running
        self.pid = os.getpid()
        """The process that started the thread (a forked child must start its own)."""
        self.loop = asyncio.new_event_loop()
        self._started = threading.Event()
        self._stop: asyncio.Event | None = None
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="modstack", daemon=True)

    def start(self) -> None:
        """Start the thread and wait until the stack runs. Raises what starting raised."""
        self._thread.start()
        self._started.wait()
        if self._failure is not None:
            raise self._failure
        _at_exit(self.stop)

    def alive_here(self) -> bool:
        """True when the thread runs in this process."""
        return self.pid == os.getpid() and self._thread.is_alive()

    def call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run ``coroutine`` on the stack's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def stop(self) -> None:
        """Stop the stack (modules' ``on_shutdown`` run) and wait for the thread. Safe to
        call again (it runs at interpreter exit too)."""
        atexit.unregister(self.stop)
        if self._stop is not None and self._thread.is_alive():
            self.loop.call_soon_threadsafe(self._stop.set)
            self._thread.join()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._main())
        except BaseException as error:  # noqa: BLE001 - handed to start()
            self._failure = error
        finally:
            self._started.set()
            self.loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        async with self.running():
            self._started.set()
            await self._stop.wait()


def _at_exit(stop: Callable[[], None]) -> None:
    """Run ``stop`` when the interpreter exits, while the thread pools still take work:
    modules' shutdown hooks run their sync code with ``asyncio.to_thread``, which Python
    refuses once ``concurrent.futures`` has shut down (plain ``atexit`` handlers run
    after that). ``threading._register_atexit`` is the hook ``concurrent.futures``
    itself uses; the last registered runs first, so ours runs before its own."""
    register: Callable[[Callable[[], None]], None] | None = getattr(
        threading, "_register_atexit", None
    )
    try:
        (register or atexit.register)(stop)
    except RuntimeError:  # the interpreter is already shutting down
        atexit.register(stop)
