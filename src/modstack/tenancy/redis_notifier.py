"""Redis pub/sub notifier (``MODSTACK_REDIS_URL``)."""

from __future__ import annotations

import logging
import threading
from typing import Any

from modstack.redis_support import redis_module
from modstack.tenancy.notifier import (
    ListenerThread,
    ListeningNotifier,
    OnChange,
    OnReconnect,
    decode,
    encode,
)

logger = logging.getLogger("modstack.tenancy")

CHANNEL = "modstack:tenancy"


def _redis() -> Any:
    return redis_module("the Redis notifier")


class RedisNotifier(ListeningNotifier):
    """Publishes and receives tenant changes over Redis pub/sub. The listener pings,
    reconnects after a lost connection and then asks for a full version check, because
    pub/sub drops whatever was sent while it was away."""

    def __init__(self, url: str, *, channel: str = CHANNEL, timeout: float = 1.0) -> None:
        self.url = url
        self.channel = channel
        self.timeout = timeout
        self._client = _redis().Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        self._listener: ListenerThread | None = None

    def publish(self, tenant: str, version: int) -> None:
        try:
            self._client.publish(self.channel, encode(tenant, version))
        except _redis().RedisError as error:
            logger.warning(
                "could not publish a tenancy change to Redis (%s); "
                "other workers will see it at their next version check",
                error,
            )

    def subscribe(self, on_change: OnChange, on_reconnect: OnReconnect) -> None:
        def listen(healthy: threading.Event) -> None:
            client = _redis().Redis.from_url(
                self.url, socket_timeout=self.timeout * 3, socket_connect_timeout=self.timeout
            )
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self.channel)
                healthy.set()
                assert self._listener is not None
                while not self._listener.stopped.is_set():
                    message = pubsub.get_message(timeout=self.timeout)
                    if message is None:
                        pubsub.ping()  # notices a dead connection while idle
                        continue
                    if message["type"] == "message" and (parsed := decode(message["data"])):
                        on_change(*parsed)
            finally:
                pubsub.close()
                client.close()

        self._listener = ListenerThread("modstack-redis-listener", listen, on_reconnect)

    def close(self) -> None:
        super().close()
        self._client.close()
