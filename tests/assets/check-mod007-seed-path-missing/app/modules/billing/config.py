from pydantic_settings import BaseSettings


class BillingConfig(BaseSettings):
    currency: str = "EUR"


config_class = BillingConfig
