"""Payments settings (environment prefix ``PAYMENTS_``)."""

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings


class PaymentsConfig(BaseSettings):
    gateway_mode: Literal["ok", "fail", "slow"] = "ok"
    """How the simulated gateway behaves at start: answer, refuse connections, or hang."""
    slow_seconds: float = Field(default=5.0, gt=0)
    """How long a ``slow`` gateway takes to answer."""


config_class = PaymentsConfig
