"""The Redis cache holds JSON, never pickles: whatever another program writes under its
keys is data or a miss, never code. Against the real Redis the integration tests start."""

from __future__ import annotations

import datetime
import enum
import json
import logging
import os
import pickle
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modstack.errors import CacheValueError
from modstack.services import BaseService, MemoryCache, RedisCache, ServiceRuntime
from modstack.services.cache import MISSING
from tests.integration.servers import RedisServer

json_data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


class Touch:
    """Unpickling this creates a file: the proof that a pickle ran."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.mkdir, (str(self.path),))


class Colour(enum.Enum):
    RED = "red"


@settings(max_examples=100, deadline=None)
@given(json_data)
def test_json_values_come_back_as_they_went_in(redis_server: RedisServer, value: Any) -> None:
    cache = RedisCache(redis_server.url, namespace=f"test:{uuid.uuid4().hex}:")
    try:
        cache.set("k", value, 30)
        assert cache.get("k") == value
    finally:
        cache.client.close()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_whatever_is_in_redis_is_data_or_a_miss_never_an_error(
    redis_server: RedisServer, raw: bytes
) -> None:
    cache = RedisCache(redis_server.url, namespace=f"test:{uuid.uuid4().hex}:")
    try:
        cache.client.set(cache.namespace + "k", raw)
        try:
            expected = json.loads(raw)
        except ValueError:
            assert cache.get("k") is MISSING
        else:
            assert json.dumps(cache.get("k")) == json.dumps(expected)  # NaN != NaN
    finally:
        cache.client.close()


def test_a_pickle_planted_in_redis_is_a_logged_miss_and_never_runs(
    redis_server: RedisServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    class Rates(BaseService):
        service_name = "rates"

    runtime = ServiceRuntime(redis_url=redis_server.url)
    rates = Rates(runtime=runtime)
    proof = tmp_path / "pwned"
    backend = runtime.cache.backend
    assert isinstance(backend, RedisCache)
    backend.client.set(backend.namespace + "rates:quotes", pickle.dumps(Touch(proof)))
    try:
        with caplog.at_level(logging.WARNING, logger="modstack.services.cache"):
            assert rates.get_cached("quotes") is None
            assert rates.cached("quotes", lambda: {"USD": 1.08}, timeout=30) == {"USD": 1.08}
        assert not proof.exists()
        assert "rates:quotes' in Redis holds" in caplog.text
        assert "not JSON; treated as a miss" in caplog.text
        assert backend.client.get(backend.namespace + "rates:quotes") == b'{"USD":1.08}'
    finally:
        runtime.close()


@pytest.mark.parametrize(
    ("value", "where", "found"),
    [
        (datetime.date(2026, 1, 1), "the value", "date"),
        ((1, 2), "the value", "tuple"),
        ({"a": {1, 2}}, "the value['a']", "set"),
        ({1: "one"}, "a key of the value", "int (1); keys must be str"),
        ([Colour.RED], "the value[0]", "Colour"),
        (Touch(Path("/nowhere")), "the value", "Touch"),
    ],
)
def test_a_value_that_is_not_json_data_is_refused_at_set_time(
    redis_server: RedisServer, value: Any, where: str, found: str
) -> None:
    redis_cache = RedisCache(redis_server.url, namespace=f"test:{uuid.uuid4().hex}:")
    try:
        for cache in (redis_cache, MemoryCache()):  # the same rule in development
            with pytest.raises(CacheValueError) as refused:
                cache.set("quotes", value, 30)
            assert (refused.value.key, refused.value.where) == ("quotes", where)
            assert f"cache key 'quotes': {where} is a {found}" in str(refused.value)
            assert cache.get("quotes") is MISSING
        assert redis_cache.client.keys(redis_cache.namespace + "*") == []
    finally:
        redis_cache.client.close()


def test_a_cycle_is_refused_not_recursed_forever() -> None:
    looped: list[Any] = []
    looped.append(looped)
    with pytest.raises(CacheValueError, match="nested 100 deep"):
        MemoryCache().set("loop", looped, 30)
