"""``ModstackSettings``: the framework's own settings, from ``MODSTACK_*`` variables."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ModstackSettings(BaseSettings):
    """Where the modules are, where state lives, and how the app runs.

    Every field reads ``MODSTACK_<FIELD>`` (e.g. ``MODSTACK_DATABASE_URL``) or a ``.env``
    file. Raises pydantic's ValidationError naming each invalid field.
    """

    model_config = SettingsConfigDict(env_prefix="MODSTACK_", env_file=".env", extra="ignore")

    modules: str = "app/modules"
    database_url: str = "sqlite:///modstack.db"
    redis_url: str | None = None
    admin_token: SecretStr | None = None
    environment: Literal["development", "test", "production"] = "production"
    staleness: float = Field(default=1.0, gt=0)
    default_modules: list[str] = Field(default_factory=list)
    default_locale: str = "en"
    health_timeout: float = Field(default=5.0, gt=0)
    tasks_broker_url: str | None = None
    """A Celery broker (``redis://...``): tasks run on ``modstack worker`` processes.
    Unset, tasks run in a thread pool in the app's process."""
    outbox_interval: float = Field(default=1.0, gt=0)
    """Seconds between the app's rounds of outbox delivery (retries included)."""
    watch: bool = False
    """Reload a module when its files change (development only; needs watchfiles)."""
    max_body_size: int = Field(default=1024 * 1024, ge=0)
    """The largest request body in bytes (counted as it arrives, chunked or not); a larger
    one is answered 413. A route raises or lowers it with ``max_body_size=``."""

    @property
    def is_development(self) -> bool:
        """True outside production: the admin API may then run without a token."""
        return self.environment != "production"
