"""PostgreSQL LISTEN/NOTIFY notifier, for deployments without Redis.

The store sends ``pg_notify`` inside each write transaction, so a message leaves exactly
when the change commits; ``publish`` therefore has nothing left to do.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy.engine import make_url

from modstack.tenancy.notifier import (
    ListenerThread,
    ListeningNotifier,
    OnChange,
    OnReconnect,
    decode,
)
from modstack.tenancy.store import NOTIFY_CHANNEL


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ImportError("LISTEN/NOTIFY needs psycopg: pip install 'modstack[postgres]'") from None
    return psycopg


def libpq_dsn(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://...``) as a plain libpq connection string."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


class PostgresNotifier(ListeningNotifier):
    """Receives tenant changes through ``LISTEN`` on a dedicated autocommit connection
    (not through a transaction-pooling proxy such as PgBouncer: give it a direct URL)."""

    def __init__(self, url: str, *, channel: str = NOTIFY_CHANNEL, timeout: float = 1.0) -> None:
        self.dsn = libpq_dsn(url)
        self.channel = channel
        self.timeout = timeout
        self._listener: ListenerThread | None = None

    def publish(self, tenant: str, version: int) -> None:
        """Nothing to do: the store notified inside the committing transaction."""

    def subscribe(self, on_change: OnChange, on_reconnect: OnReconnect) -> None:
        def listen(healthy: threading.Event) -> None:
            psycopg = _psycopg()
            with psycopg.connect(
                self.dsn, autocommit=True, connect_timeout=max(1, int(self.timeout))
            ) as conn:
                conn.execute(f'LISTEN "{self.channel}"')
                healthy.set()
                assert self._listener is not None
                while not self._listener.stopped.is_set():
                    for notice in conn.notifies(timeout=self.timeout):
                        if parsed := decode(notice.payload):
                            on_change(*parsed)
                    conn.execute("SELECT 1")  # notices a dead connection while idle

        self._listener = ListenerThread("modstack-postgres-listener", listen, on_reconnect)
