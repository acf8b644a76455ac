"""Per-call overhead of a successful service operation through modstack's retry +
breaker + metrics, vs. a plain call, pybreaker's ``call`` and a tenacity-decorated call,
in the same run (the operation itself does nothing).

    python benchmarks/bench_services.py [--calls 200000]
"""

from __future__ import annotations

import argparse

import pybreaker
from tenacity import retry, stop_after_attempt

from modstack.services import BaseService, ServiceRuntime
from timing import per_call


class Noop(BaseService):
    service_name = "noop"

    def op(self) -> int:
        return 1


def plain() -> int:
    return 1


@retry(stop=stop_after_attempt(3))
def tenacity_call() -> int:
    return 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=200_000)
    args = parser.parse_args()
    service = Noop(runtime=ServiceRuntime())
    breaker = pybreaker.CircuitBreaker(fail_max=5, reset_timeout=60)
    namespace = {
        "service": service,
        "plain": plain,
        "breaker": breaker,
        "tenacity_call": tenacity_call,
    }
    rows = {
        "plain call": per_call("plain()", namespace, args.calls),
        "modstack service.call (retry + breaker + metrics)": per_call(
            "service.call('op')", namespace, args.calls
        ),
        "pybreaker CircuitBreaker.call": per_call("breaker.call(plain)", namespace, args.calls),
        "tenacity @retry call": per_call("tenacity_call()", namespace, max(args.calls // 10, 999)),
    }
    floor = rows["plain call"]
    pybreaker_cost = rows["pybreaker CircuitBreaker.call"]
    print("a successful no-op operation, best of 5 (µs per call)")
    for name, cost in rows.items():
        print(f"  {name:<50}{cost:7.3f}   {cost / floor:6.1f}x plain")
    ours = rows["modstack service.call (retry + breaker + metrics)"]
    print(f"  modstack / pybreaker: {ours / pybreaker_cost:.2f} (target < 1)")


if __name__ == "__main__":
    main()
