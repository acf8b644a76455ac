"""The exchange-rate service: ``GET {CREDIT_RATES_URL}/rates?base=EUR&quote=USD`` answers
``{"rate": 1.08}``. Through :class:`BaseService` a call is retried when the service is
down or answers 5xx, times out, and opens the breaker after repeated failures."""

from __future__ import annotations

import json
import math
import os
import re
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import urlopen

from credit.errors import CreditError
from modstack.services import BaseService, NonRetryableError

CURRENCY = re.compile(r"[A-Z]{3}")


class RatesUnavailableError(ConnectionError):
    """The rate service is down or failing; worth retrying."""


class RateRefusedError(NonRetryableError, CreditError):
    """The rate service refused the question or answered nonsense; a retry cannot help."""

    status = 502


class ExchangeRates(BaseService):
    """Currency conversion rates from the external service at ``CREDIT_RATES_URL``."""

    service_name = "exchange_rates"
    version = "1.0.0"
    retry_attempts = 3
    retry_delay = 0.1
    timeout = 5.0
    failure_threshold = 3
    recovery_timeout = 30.0

    def __init__(self, *, base_url: str | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.base_url = (
            base_url or os.environ.get("CREDIT_RATES_URL") or "http://127.0.0.1:8099"
        ).rstrip("/")

    def quote(self, base: str, quote: str) -> float:
        """How many ``quote`` one ``base`` buys (one HTTP request)."""
        for field, code in (("base", base), ("quote", quote)):
            if not isinstance(code, str) or not CURRENCY.fullmatch(code):
                raise RateRefusedError(
                    f"{field} must be three capital letters, not {code!r}", field=field
                )
        url = f"{self.base_url}/rates?{urlencode({'base': base, 'quote': quote})}"
        try:
            with urlopen(url, timeout=self.timeout) as response:
                answer = json.load(response)
        except HTTPError as error:
            error.close()  # its body is not needed; an open one would leak the socket
            if error.code >= 500 or error.code == 429:
                raise RatesUnavailableError(f"rate service answered {error.code}") from error
            raise RateRefusedError(f"rate service refused {base}->{quote}: {error.code}") from error
        except URLError as error:
            raise RatesUnavailableError(f"rate service unreachable: {error.reason}") from error
        except ValueError as error:
            raise RateRefusedError("rate service answered something that is not JSON") from error
        rate = answer.get("rate") if isinstance(answer, dict) else None
        if (
            isinstance(rate, bool)
            or not isinstance(rate, int | float)
            or not (math.isfinite(rate) and rate > 0)
        ):
            raise RateRefusedError(f"rate service answered no usable rate: {answer!r}")
        return float(rate)

    def convert(self, amount_cents: int, base: str, quote: str) -> int:
        """``amount_cents`` of ``base`` in cents of ``quote`` (rounded half to even), through
        the breaker and retries."""
        if base == quote:
            return amount_cents
        return round(amount_cents * self.call("quote", base, quote))
