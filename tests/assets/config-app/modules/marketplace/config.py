from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from modstack.config import Rule, rule, setting


class MarketplaceConfig(BaseSettings):
    """Configuration of the marketplace module."""

    api_timeout: int = Field(default=30, gt=0)
    batch_size: int = setting(100, tenant=True)
    api_key: SecretStr = SecretStr("dev-key")
    feed_url: str = setting("https://feeds.example/items", restart=True)
    tags: list[str] = Field(default_factory=list)

    validation_rules: ClassVar[dict[str, Rule]] = {"batch_size": rule(max_value=10_000)}


config_class = MarketplaceConfig
