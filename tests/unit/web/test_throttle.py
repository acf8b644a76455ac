"""Failed sign-ins are counted per key: the limit refuses further tries until the oldest
failure leaves the window; a success forgets; memory stays bounded."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modstack.web.throttle import SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_refuses_until_the_oldest_failure_leaves_the_window() -> None:
    clock = Clock()
    throttle = SignInThrottle(limit=3, window=60, clock=clock)
    for _ in range(2):
        throttle.failed("203.0.113.7")
        clock.now += 10
    assert throttle.retry_after("203.0.113.7") is None  # two failures: still allowed
    throttle.failed("203.0.113.7")
    assert throttle.retry_after("203.0.113.7") == pytest.approx(40)  # first at 1000 + 60
    clock.now += 40
    assert throttle.retry_after("203.0.113.7") is None


def test_any_refused_key_refuses_the_attempt_and_others_are_untouched() -> None:
    throttle = SignInThrottle(limit=2, window=60, clock=Clock())
    throttle.failed(("account", "acme", "v@acme.example"), ("address", "198.51.100.1"))
    throttle.failed(("account", "acme", "v@acme.example"), ("address", "198.51.100.2"))
    # the account is guessed from two addresses: it is refused from a third one too
    assert throttle.retry_after(("account", "acme", "v@acme.example"), ("address", "x"))
    assert throttle.retry_after(("account", "acme", "other@acme.example")) is None


def test_a_success_forgets_the_failures() -> None:
    throttle = SignInThrottle(limit=2, window=60, clock=Clock())
    throttle.failed("k")
    throttle.succeeded("k")
    throttle.failed("k")
    assert throttle.retry_after("k") is None


def test_memory_is_bounded_by_forgetting_the_least_recent_keys() -> None:
    throttle = SignInThrottle(limit=1, window=60, capacity=100, clock=Clock())
    for index in range(1000):
        throttle.failed(f"address-{index}")
    assert len(throttle._failures) == 100
    assert throttle.retry_after("address-999") is not None
    assert throttle.retry_after("address-0") is None


def test_nonsense_limits_are_refused_with_a_clear_error() -> None:
    with pytest.raises(ValueError, match="limit >= 1"):
        SignInThrottle(limit=0)


@given(
    st.lists(
        st.tuples(st.sampled_from(["a", "b", "c"]), st.floats(0, 50), st.booleans()),
        max_size=60,
    )
)
def test_never_more_than_limit_failures_are_accepted_within_a_window(
    attempts: list[tuple[str, float, bool]],
) -> None:
    """Whatever the order of tries and successes, a key that only fails is let through at
    most ``limit`` times in any window (a refused try is not checked, so not counted)."""
    clock = Clock()
    throttle = SignInThrottle(limit=3, window=100, clock=clock)
    checked: dict[str, list[float]] = {}
    for key, pause, correct in attempts:
        clock.now += pause
        if throttle.retry_after(key) is not None:
            continue
        if correct:
            throttle.succeeded(key)
            checked[key] = []
            continue
        throttle.failed(key)
        times = checked.setdefault(key, [])
        times.append(clock.now)
        recent = [t for t in times if t > clock.now - 100]
        assert len(recent) <= 3


def test_an_ipv6_guesser_is_counted_by_its_64_whatever_address_it_takes() -> None:
    from modstack.web.admin_access import guesser_key

    assert guesser_key("2001:db8:1:2::1") == guesser_key("2001:db8:1:2:ffff::9")
    assert guesser_key("2001:db8:1:2::1") != guesser_key("2001:db8:1:3::1")
    assert guesser_key("::ffff:10.0.0.1") == guesser_key("10.0.0.1")
    assert guesser_key("10.0.0.1") != guesser_key("10.0.0.2")
    assert guesser_key(None) == ("admin-signin", None)
    assert guesser_key("testclient") == ("admin-signin", "testclient")
