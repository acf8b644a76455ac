"""``ModstackSettings``: the framework's own settings, from ``MODSTACK_*`` variables."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from modstack.settings_problems import InvalidSettingsError as InvalidSettingsError
from modstack.settings_problems import not_json, problem

RESERVED_SEGMENTS = ("admin", "vendor", "storefront", "static", "modules", "health", "metrics")
"""First path segments an API prefix may not take: the admin frontend's pages, the
module pages of each frontend, static files, and modstack's own endpoints."""


class ModstackSettings(BaseSettings):
    """Where the modules are, where state lives, and how the app runs.

    Every field reads ``MODSTACK_<FIELD>`` (e.g. ``MODSTACK_DATABASE_URL``) or a ``.env``
    file. Raises pydantic's ValidationError naming each invalid field; build it with
    :func:`load_settings` for an error that also says where each value was written.
    """

    model_config = SettingsConfigDict(env_prefix="MODSTACK_", env_file=".env", extra="ignore")

    modules: str = "app/modules"
    package: str = ""
    """Packages (comma-separated) scanned for class-style modules, as the Flask seed's
    registry scans ``core.modules``; with ``modules``, not instead of it."""
    database_url: str = "sqlite:///modstack.db"
    redis_url: str | None = None
    admin_token: SecretStr | None = None
    """The admin credential: ``Authorization: Bearer <token>``, or typed into the sign-in
    form at ``/admin/signin`` (which sets a signed session cookie)."""
    viewer_token: SecretStr | None = None
    """A read-only credential for operators: with it (as a bearer token, or typed into the
    sign-in form) the dashboard, ``/modules/status``, ``/metrics`` and the admin API's
    ``GET`` routes answer; any change is refused 403 ``read_only``. Needs the admin token
    to be configured too."""
    environment: str = "production"
    """``development``, ``test`` or ``production``; any other value is treated as
    production (closed)."""
    admin_open: bool = False
    """Serve the admin frontend (pages and API) without a credential. Honoured only when
    ``environment`` is ``development``: ``test``, ``production`` and anything else stay
    closed whatever this says."""
    secret_key: SecretStr | None = None
    """Signs session cookies. Unset: derived from the admin token (rotating the token
    ends every session), else random per process."""
    session_lifetime: float = Field(default=8 * 3600.0, gt=0)
    """Seconds an admin session cookie stays valid after signing in."""
    signin_limit: int = Field(default=10, ge=1)
    """Failed sign-ins a client address (or an account) may make within
    ``signin_window`` before it is refused with 429 until the window has passed."""
    signin_window: float = Field(default=300.0, gt=0)
    """Seconds over which failed sign-ins are counted."""
    public: list[str] = Field(default_factory=list)
    """Operational details served without the admin credential, by name: ``status``
    (``/modules/status``), ``module-health`` (``/modules/{code}/health``), ``metrics``
    (``/metrics``), ``openapi`` (the admin routes in ``/openapi.json``). ``/health``
    (live and ready, nothing more) is always public."""
    staleness: float = Field(default=1.0, gt=0)
    default_modules: list[str] = Field(default_factory=list)
    default_tenant: str | None = None
    """A single-tenant app's tenant (``MODSTACK_DEFAULT_TENANT=main``): requests that
    name no tenant are its, and it is created on first start with ``default_modules``
    (default: every module)."""
    default_locale: str = "en"
    api_prefix: str = Field(default="/api/v1", pattern=r"^(/[A-Za-z0-9._~-]+)+$")
    """Where module APIs are mounted: ``<api_prefix>/<frontend>/<code>/...``."""
    health_timeout: float = Field(default=5.0, gt=0)
    tasks_broker_url: str | None = None
    """A Celery broker (``redis://...``): tasks run on ``modstack worker`` processes.
    Unset, tasks run in a thread pool in the app's process."""
    outbox_interval: float = Field(default=1.0, gt=0)
    """Seconds between the app's rounds of outbox delivery (retries included)."""
    outbox_lease: float = Field(default=300.0, ge=0)
    """Seconds a process holds an outbox event it is delivering; if it dies, another
    process delivers the event once this has passed. Longer than any handler runs."""
    watch: bool = False
    """Reload a module when its files change (development only; needs watchfiles)."""
    max_body_size: int = Field(default=1024 * 1024, ge=0)
    """The largest request body in bytes (counted as it arrives, chunked or not); a larger
    one is answered 413. A route raises or lowers it with ``max_body_size=``."""

    @field_validator("environment")
    @classmethod
    def _normalise_environment(cls, value: str) -> str:
        return value.strip().lower()

    @field_validator("api_prefix")
    @classmethod
    def _api_prefix_of_its_own(cls, value: str) -> str:
        first = value.strip("/").split("/")[0].lower()
        if first in RESERVED_SEGMENTS:
            taken = ", ".join(f"/{segment}" for segment in RESERVED_SEGMENTS)
            raise ValueError(
                f"MODSTACK_API_PREFIX {value!r} starts where modstack serves other things "
                f"({taken}: the admin frontend, module pages, static files, health); "
                "choose another, such as /api/v1"
            )
        return value

    @field_validator("public")
    @classmethod
    def _known_public_details(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(PUBLIC_DETAILS))
        if unknown:
            choices = ", ".join(PUBLIC_DETAILS)
            raise ValueError(f"MODSTACK_PUBLIC: unknown {unknown!r}; choices are: {choices}")
        return value

    @property
    def is_development(self) -> bool:
        """True only when ``environment`` is ``development``."""
        return self.environment == "development"

    @property
    def package_names(self) -> tuple[str, ...]:
        """The packages of ``package`` (comma-separated), in order."""
        return package_list(self.package)

    @property
    def is_admin_open(self) -> bool:
        """True when the admin frontend serves without a credential: development, and
        ``MODSTACK_ADMIN_OPEN=true``."""
        return self.is_development and self.admin_open

    def is_public(self, detail: str) -> bool:
        """Whether operational ``detail`` (one of :data:`PUBLIC_DETAILS`) is served
        without the admin credential."""
        return detail in self.public


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    written_as: Callable[[str], str] | None = None,
) -> ModstackSettings:
    """``ModstackSettings`` from the environment and ``.env``, under ``overrides`` (an
    app's own configuration, by field name). ``written_as(field)`` names where an override
    was written (``app.config['MODSTACK_MAX_BODY_SIZE']``). Raises InvalidSettingsError
    naming each invalid setting, where its value came from, and what it takes (secrets'
    values are never shown)."""
    given = dict(overrides or {})
    try:
        return ModstackSettings(**given)
    except ValidationError as error:
        problems = [problem(item, given, written_as) for item in error.errors()]
        raise InvalidSettingsError(problems) from None
    except SettingsError as error:  # a list or dict setting that is not JSON
        raise InvalidSettingsError([not_json(str(error), given, written_as)]) from None


PUBLIC_DETAILS = ("status", "module-health", "metrics", "openapi")
"""What ``MODSTACK_PUBLIC`` may list."""


def package_list(text: str) -> tuple[str, ...]:
    """The package names of a comma-separated ``text`` (``"core.modules, extra"``)."""
    return tuple(name.strip() for name in text.split(",") if name.strip())
