from pydantic import Field
from pydantic_settings import BaseSettings


class PaymentsConfig(BaseSettings):
    gateway_url: str = "http://127.0.0.1:9/gateway"
    timeout: float = Field(default=5.0, gt=0)
    retries: int = 3


config_class = PaymentsConfig
