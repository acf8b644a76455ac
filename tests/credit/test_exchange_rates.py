"""integration_module's exchange-rate service against a local HTTP server that fails and
recovers: retried through failures, the breaker opens after repeated failed calls and
closes again once the service answers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from credit.core.modules.integration_module.services import (
    ExchangeRates,
    RateRefusedError,
    RatesUnavailableError,
)
from modstack.errors import CircuitOpenError
from modstack.services import ServiceRuntime
from modstack.services.breaker import BreakerState


class RateServer:
    """A rate service on a free port: answers ``rate``, or fails as told."""

    def __init__(self) -> None:
        self.failures = 0  # how many of the next requests answer 500
        self.down = False  # every request answers 500
        self.status = 200
        self.body: Any = {"rate": 1.25}
        self.delay = 0.0
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                time.sleep(server.delay)
                failing = server.down or server.failures > 0
                server.failures = max(0, server.failures - 1)
                status = 500 if failing else server.status
                payload = json.dumps(server.body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server() -> Iterator[RateServer]:
    running = RateServer()
    yield running
    running.close()


@pytest.fixture
def rates(server: RateServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[ExchangeRates]:
    for key, value in {
        "RETRY_DELAY": "0.01",
        "FAILURE_THRESHOLD": "2",
        "RECOVERY_TIMEOUT": "0.3",
        "TIMEOUT": "0.5",
    }.items():
        monkeypatch.setenv(f"SERVICE_EXCHANGE_RATES_{key}", value)
    runtime = ServiceRuntime()
    yield ExchangeRates(base_url=server.url, runtime=runtime)
    runtime.close()


def test_a_call_is_retried_through_passing_failures(
    server: RateServer, rates: ExchangeRates
) -> None:
    server.failures = 2
    assert rates.convert(10_000, "EUR", "USD") == 12_500
    assert server.requests == ["/rates?base=EUR&quote=USD"] * 3
    assert rates.breaker_state("quote") is BreakerState.CLOSED


def test_the_breaker_opens_after_repeated_failures_and_closes_once_the_service_is_back(
    server: RateServer, rates: ExchangeRates
) -> None:
    server.down = True
    for _ in range(2):  # each call: three attempts, one breaker failure
        with pytest.raises(RatesUnavailableError, match="answered 500"):
            rates.call("quote", "EUR", "USD")
    assert len(server.requests) == 6
    assert rates.breaker_state("quote") is BreakerState.OPEN
    with pytest.raises(CircuitOpenError, match="exchange_rates"):
        rates.call("quote", "EUR", "USD")
    assert len(server.requests) == 6  # refused without asking the service
    assert rates.get_health_status()["status"] == "degraded"

    server.down = False
    answer = None
    for _ in range(100):  # the breaker lets a probe through once recovery_timeout passed
        try:
            answer = rates.call("quote", "EUR", "USD")
            break
        except CircuitOpenError:
            time.sleep(0.05)
    assert answer == 1.25
    assert rates.breaker_state("quote") is BreakerState.CLOSED
    assert rates.get_health_status()["status"] == "healthy"


def test_a_hung_service_times_out_and_is_retried(server: RateServer, rates: ExchangeRates) -> None:
    server.delay = 2.0
    with pytest.raises(TimeoutError):
        rates.call("quote", "EUR", "USD")
    assert len(server.requests) == 3


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (404, {"error": "unknown currency"}, "refused EUR->USD: 404"),
        (200, {"rate": -1}, "no usable rate"),
        (200, {"rate": "1.2"}, "no usable rate"),
        (200, ["rate"], "no usable rate"),
    ],
)
def test_a_refusal_or_a_nonsense_answer_is_not_retried(
    server: RateServer, rates: ExchangeRates, status: int, body: Any, reason: str
) -> None:
    server.status, server.body = status, body
    with pytest.raises(RateRefusedError, match=reason):
        rates.call("quote", "EUR", "USD")
    assert len(server.requests) == 1


def test_a_malformed_currency_is_refused_before_any_request(
    server: RateServer, rates: ExchangeRates
) -> None:
    with pytest.raises(RateRefusedError, match="base must be three capital letters") as refused:
        rates.call("quote", "eur&x=1", "USD")
    assert refused.value.field == "base"
    assert server.requests == []
