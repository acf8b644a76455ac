"""With ``MODSTACK_REDIS_URL`` set, failed sign-ins are counted in Redis: every worker's
admin door (one ``AdminAccess`` per worker process, as each builds its own) sees the
same counts, so ``--workers N`` gives a guesser ``limit`` tries, not ``N * limit``. A
Redis outage falls back to counting in the process, and never unthrottles a guesser."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from modstack.fastapi import create_app
from modstack.services.redis_throttle import RedisThrottle
from modstack.settings import ModstackSettings
from modstack.stack import signin_throttle
from modstack.web.admin_access import AdminAccess, AdminRefusal, AdminRequest
from modstack.web.throttle import SignInThrottle
from tests.integration.servers import RedisServer

TOKEN = "t" * 32
LIMIT = 3


@contextmanager
def _workers(redis_url: str | None, count: int = 2) -> Iterator[list[AdminAccess]]:
    """``count`` workers' admin doors, each with the throttle its stack builds."""
    settings = ModstackSettings(admin_token=TOKEN, signin_limit=LIMIT, redis_url=redis_url,
                                environment="test", _env_file=None)  # type: ignore[call-arg]  # fmt: skip
    throttles = [signin_throttle(settings) for _ in range(count)]
    try:
        yield [AdminAccess(settings, throttle) for throttle in throttles]
    finally:
        for throttle in throttles:
            if isinstance(throttle, RedisThrottle):
                throttle.close()


def _try(door: AdminAccess, token: str, client: str) -> int:
    answer = door.check(AdminRequest("GET", f"Bearer {token}", None, None, None, None, client))
    return answer.status if isinstance(answer, AdminRefusal) else 200


def test_two_workers_share_one_count(redis_server: RedisServer) -> None:
    with _workers(redis_server.url) as (first, second):
        assert isinstance(first.throttle, RedisThrottle)
        client = "10.0.0.1"
        statuses = [_try(first, "wrong", client), _try(second, "wrong", client),
                    _try(first, "wrong", client), _try(second, "wrong", client)]  # fmt: skip
        assert statuses == [401, 401, 401, 429]
        assert _try(first, TOKEN, client) == 429  # the address waits, even with the token
        refused = first.check(AdminRequest("GET", "Bearer x", None, None, None, None, client))
        assert isinstance(refused, AdminRefusal)
        assert 0 < int(refused.headers["Retry-After"]) <= 300
        assert _try(second, TOKEN, "10.9.9.9") == 200  # another address is not held back


def test_in_one_process_each_worker_counts_alone() -> None:
    with _workers(None) as (first, second):
        assert isinstance(first.throttle, SignInThrottle)
        statuses = [_try(door, "wrong", "10.1.1.1") for door in (first, second) * 2]
        assert statuses == [401, 401, 401, 401]  # what MODSTACK_REDIS_URL closes


def test_the_right_token_forgets_the_failures_on_every_worker(redis_server: RedisServer) -> None:
    with _workers(redis_server.url) as (first, second):
        client = "10.2.2.2"
        assert [_try(first, "wrong", client) for _ in range(LIMIT - 1)] == [401, 401]
        assert _try(second, TOKEN, client) == 200
        assert [_try(first, "wrong", client) for _ in range(LIMIT - 1)] == [401, 401]


def test_an_outage_counts_in_the_process_and_never_unthrottles(
    own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    with _workers(own_redis.url, count=1) as (door,):
        client = "10.3.3.3"
        assert _try(door, "wrong", client) == 401
        own_redis.stop()
        with caplog.at_level(logging.WARNING, logger="modstack.web"):
            assert [_try(door, "wrong", client) for _ in range(LIMIT)] == [401, 401, 401]
            assert _try(door, "wrong", client) == 429  # counted in the process meanwhile
        assert "Redis failed" in caplog.text
        own_redis.start()  # back, and empty: the failures counted meanwhile still hold
        assert _try(door, "wrong", client) == 429
        assert _try(door, TOKEN, "10.3.3.4") == 200


def test_two_fastapi_workers_with_redis_refuse_the_fourth_guess(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    settings = ModstackSettings(
        modules="tests/assets/contract/fastapi/modules", redis_url=redis_server.url,
        database_url=f"sqlite:///{tmp_path / 'app.db'}", admin_token=TOKEN,
        signin_limit=LIMIT, environment="test", _env_file=None,
    )  # type: ignore[call-arg]  # fmt: skip
    guess = {"Authorization": "Bearer wrong"}
    with (
        TestClient(create_app(settings=settings), client=("10.4.4.4", 1)) as first,
        TestClient(create_app(settings=settings), client=("10.4.4.4", 2)) as second,
    ):
        statuses = [w.get("/modules/status", headers=guess).status_code
                    for w in (first, second, first, second)]  # fmt: skip
        assert statuses == [401, 401, 401, 429]
        stack = first.app.state.modstack  # type: ignore[attr-defined]
        assert stack.admin_access.throttle is stack.core.signin_throttle


def test_on_fastapi_the_redis_count_is_asked_off_the_event_loop(
    redis_server: RedisServer, tmp_path: Path
) -> None:
    """A slow Redis must not stall every request of the worker: the admin check that asks
    it runs in a thread, not on the event loop."""
    settings = ModstackSettings(
        modules="tests/assets/contract/fastapi/modules", redis_url=redis_server.url,
        database_url=f"sqlite:///{tmp_path / 'app.db'}", admin_token=TOKEN,
        environment="test", _env_file=None,
    )  # type: ignore[call-arg]  # fmt: skip
    app = create_app(settings=settings)
    asked_in: list[int] = []

    @app.get("/loop-thread")
    async def loop_thread() -> int:
        return threading.get_ident()

    with TestClient(app) as client:
        throttle = client.app.state.modstack.admin_access.throttle  # type: ignore[attr-defined]
        asked = throttle.retry_after

        def spied(*keys: object) -> float | None:
            asked_in.append(threading.get_ident())
            return asked(*keys)  # type: ignore[no-any-return]

        throttle.retry_after = spied
        loop = client.get("/loop-thread").json()
        for path in ("/modules/status", "/admin/modstack", "/api/v1/admin/modstack/modules"):
            client.get(path, headers={"Authorization": "Bearer wrong"})
        assert len(asked_in) >= 3  # each was asked
        assert loop not in asked_in


def test_two_apps_on_one_redis_count_apart(redis_server: RedisServer, tmp_path: Path) -> None:
    def door(database: str) -> AdminAccess:
        settings = ModstackSettings(admin_token=TOKEN, signin_limit=LIMIT,
                                    redis_url=redis_server.url, database_url=database,
                                    environment="test", _env_file=None)  # type: ignore[call-arg]  # fmt: skip
        return AdminAccess(settings, signin_throttle(settings))

    shop, bank = (
        door(f"sqlite:///{tmp_path / 'shop.db'}"),
        door(f"sqlite:///{tmp_path / 'bank.db'}"),
    )
    try:
        assert [_try(shop, "wrong", "10.5.5.5") for _ in range(LIMIT + 1)][-1] == 429
        assert _try(bank, "wrong", "10.5.5.5") == 401  # the bank's count is its own
    finally:
        for one in (shop, bank):
            assert isinstance(one.throttle, RedisThrottle)
            one.throttle.close()
