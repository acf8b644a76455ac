"""Notifiers tell other processes that a tenant changed. They are hints: a message can be
lost, so every service also re-checks tenant versions in the store (see ``service``)."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Protocol

logger = logging.getLogger("modstack.tenancy")

OnChange = Callable[[str, int], None]
"""Called with (tenant, version) when a tenant changed."""
OnReconnect = Callable[[], None]
"""Called after a lost connection is back: messages may have been missed meanwhile."""


class Notifier(Protocol):
    """Carries "tenant T is now at version V" between processes."""

    def publish(self, tenant: str, version: int) -> None:
        """Announce a committed change. Never raises: a lost message is tolerated."""

    def subscribe(self, on_change: OnChange, on_reconnect: OnReconnect) -> None:
        """Start delivering changes made elsewhere to ``on_change``."""

    def wait_ready(self, timeout: float) -> bool:
        """Wait until changes made elsewhere are being received; tell whether they are."""

    def close(self) -> None:
        """Stop listening and release connections."""


class InProcessNotifier:
    """Delivers changes to every service in this process that subscribed to it."""

    def __init__(self) -> None:
        self._subscribers: list[OnChange] = []

    def publish(self, tenant: str, version: int) -> None:
        for on_change in list(self._subscribers):
            on_change(tenant, version)

    def subscribe(self, on_change: OnChange, on_reconnect: OnReconnect) -> None:
        self._subscribers.append(on_change)

    def wait_ready(self, timeout: float) -> bool:
        return True

    def close(self) -> None:
        self._subscribers.clear()


def encode(tenant: str, version: int) -> str:
    """The message every notifier sends: small, ids and numbers only."""
    return json.dumps({"tenant": tenant, "version": version})


def decode(message: str | bytes) -> tuple[str, int] | None:
    """Read a message; None for anything malformed (logged, never raised)."""
    try:
        data = json.loads(message)
        return str(data["tenant"]), int(data["version"])
    except (ValueError, KeyError, TypeError):
        logger.warning("ignoring a malformed tenancy message: %r", message)
        return None


class ListenerThread:
    """A supervised background loop: runs ``listen`` until closed, and after any failure
    waits (backing off up to ``max_backoff``), reconnects and calls ``on_reconnect``."""

    def __init__(
        self,
        name: str,
        listen: Callable[[threading.Event], None],
        on_reconnect: OnReconnect,
        *,
        max_backoff: float = 2.0,
    ) -> None:
        self._listen = listen
        self._on_reconnect = on_reconnect
        self._max_backoff = max_backoff
        self.stopped = threading.Event()
        self.healthy = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        backoff = 0.05
        first = True
        while not self.stopped.is_set():
            try:
                if not first:
                    self._on_reconnect()
                first = False
                self._listen(self.healthy)
                backoff = 0.05
            except Exception as error:  # noqa: BLE001 - the loop must survive any failure
                self.healthy.clear()
                logger.warning("%s lost its connection (%s); retrying", self._thread.name, error)
                self.stopped.wait(backoff)
                backoff = min(backoff * 2, self._max_backoff)

    def close(self, timeout: float = 5.0) -> None:
        self.stopped.set()
        self._thread.join(timeout)


class ListeningNotifier:
    """What the notifiers that listen on a connection of their own share."""

    _listener: ListenerThread | None = None

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the listener is subscribed; tell whether it is."""
        return self._listener is not None and self._listener.healthy.wait(timeout)

    def close(self) -> None:
        """Stop the listener."""
        if self._listener is not None:
            self._listener.close()
