from pydantic_settings import BaseSettings

from modstack.config import setting


class BillingConfig(BaseSettings):
    currency: str
    invoice_prefix: str = setting("INV", tenant=True)
