"""Payments settings."""

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from modstack.config import setting


class PaymentsConfig(BaseSettings):
    gateway_url: str = "http://127.0.0.1:9/gateway"
    max_amount: int = setting(10_000, tenant=True)
    api_key: SecretStr = SecretStr("test-key")
    timeout: float = Field(default=5.0, gt=0)
