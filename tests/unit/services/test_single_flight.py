"""``SingleFlight``: one computation per missing key, and nothing kept per key after."""

from __future__ import annotations

import threading

from modstack.services import MemoryCache
from modstack.services.cache import SingleFlight


def test_keys_leave_no_lock_behind_after_their_computation() -> None:
    flight = SingleFlight(MemoryCache(max_entries=10))
    for number in range(1_000):
        assert flight.get_or_compute(f"key-{number}", lambda n=number: n, ttl=60) == number
    assert flight._locks == {}


def test_concurrent_misses_of_one_key_compute_it_once() -> None:
    flight = SingleFlight(MemoryCache())
    computed: list[int] = []
    gate = threading.Barrier(8)

    def compute() -> int:
        computed.append(1)
        return 42

    def caller() -> None:
        gate.wait()
        assert flight.get_or_compute("shared", compute, ttl=60) == 42

    threads = [threading.Thread(target=caller) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert computed == [1]
    assert flight._locks == {}
