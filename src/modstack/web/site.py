"""``Site``: modstack in one web app, for every adapter. The ``Stack`` (registry, kernel,
tenancy, settings, events, outbox, tasks, services, database) with what the web side
adds: the tenant resolver, the URL conventions and the index of module APIs, the admin
door, the store probe, and the views built from the active modules (the translation
catalogue and the Jinja environment). An adapter's ``Modstack`` builds on it and adds
only its framework's objects."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from modstack.i18n import Catalogue
from modstack.web.admin_access import AdminAccess
from modstack.web.conventions import ApiConventions, api_files
from modstack.web.metrics import MetricsPage, RequestMetrics
from modstack.web.readiness import StoreProbe, engine_check
from modstack.web.templates import module_catalogue, module_environment

if TYPE_CHECKING:
    from jinja2 import Environment
    from sqlalchemy.engine import Engine

    from modstack.config import SettingsManager
    from modstack.definition import ModuleDefinition
    from modstack.events import EventBus, Outbox
    from modstack.kernel import Kernel, ModuleRuntime
    from modstack.kernel.reload import ReloadResult
    from modstack.registry import Registry
    from modstack.services import ServiceRegistry
    from modstack.settings import ModstackSettings
    from modstack.stack import Stack
    from modstack.tasks import Tasks
    from modstack.tenancy import TenancyService

S = TypeVar("S")
STORE_PROBE_TTL = 1.0
"""Seconds one answer of the store probe is reused."""


class Site:
    """One app's modstack, in no framework's terms (``app.state.modstack`` in FastAPI,
    ``app.extensions["modstack"]`` in Flask). It is a kernel plugin: the views follow
    the modules' states."""

    def __init__(
        self, core: Stack, *, resolver: Any, templates_dir: str | Path | None = None
    ) -> None:
        self.core = core
        """The framework-free stack every adapter shares."""
        self.resolver = resolver
        """The tenant resolver (``hint`` tells a client how to name a tenant)."""
        self.templates_dir = Path(templates_dir) if templates_dir else None
        self.conventions = ApiConventions(core.settings.api_prefix)
        """Where module APIs and the admin API are mounted (``MODSTACK_API_PREFIX``)."""
        self.api_owners: dict[str, frozenset[str]] = {}
        """Module code -> the frontends it has an API for: the gate's index, so a module
        whose routes never loaded answers 503 rather than 404."""
        for definition in core.registry:
            self._index_api(definition)
        self.admin_access = AdminAccess(core.settings, core.signin_throttle)
        """The admin frontend's door (token, session cookie, sign-in)."""
        self.store_probe = StoreProbe(engine_check(core.engine), ttl=STORE_PROBE_TTL)
        """Whether the database answers, re-checked at most once a second."""
        self.request_metrics = RequestMetrics()
        """How many requests each module's routes served, and how long they took (the
        adapter counts them)."""
        self.catalogue = Catalogue({}, core.settings.default_locale)
        self.environment: Environment = self._environment()
        """The Jinja environment: the app's templates, each active module's, modstack's."""

    @property
    def registry(self) -> Registry:
        """The current module registry (a reload replaces it)."""
        return self.core.registry

    @property
    def kernel(self) -> Kernel:
        """The kernel running the modules."""
        return self.core.kernel

    @property
    def tenancy(self) -> TenancyService:
        """Tenants and their modules."""
        return self.core.tenancy

    @property
    def settings(self) -> ModstackSettings:
        """modstack's own settings."""
        return self.core.settings

    @property
    def events(self) -> EventBus:
        """The event bus modules publish on."""
        return self.core.events

    @property
    def outbox(self) -> Outbox:
        """Durable events: write with ``record_event`` in your transaction."""
        return self.core.outbox

    @property
    def tasks(self) -> Tasks:
        """Every module's tasks."""
        return self.core.tasks

    @property
    def services(self) -> ServiceRegistry:
        """Every module's services."""
        return self.core.services

    @property
    def settings_manager(self) -> SettingsManager:
        """Every module's settings, live: ``get_module_config(code, tenant)``."""
        return self.core.settings_manager

    @property
    def serving(self) -> bool:
        """True between startup and shutdown."""
        return self.core.serving

    @property
    def engine(self) -> Engine:
        """The app's database (``MODSTACK_DATABASE_URL``): modstack's own tables live there,
        and a module may keep its tables there too."""
        return self.core.engine

    @cached_property
    def metrics_page(self) -> MetricsPage:
        """The services' metrics (built on first scrape)."""
        return MetricsPage(self.core.services.runtime)

    def metrics_text(self) -> bytes:
        """``/metrics``: the services' metrics, then the modules' requests."""
        return self.metrics_page.render() + self.request_metrics.render()

    def owns_api(self, frontend: str, code: str) -> bool:
        """Whether module ``code`` has an API for ``frontend``."""
        return frontend in self.api_owners.get(code, ())

    def module_state_changed(self, runtime: ModuleRuntime) -> None:
        """Kernel plugin role: while serving, the templates and the catalogue follow the
        active modules, and a module added while serving joins the API index (startup
        and shutdown rebuild the views once instead)."""
        if not self.serving:
            return
        if runtime.is_active and not runtime.standby:
            self._index_api(runtime.definition)
        self.refresh_views()

    def active(self) -> list[ModuleDefinition]:
        """Definitions of the active modules, in load order."""
        registry, kernel = self.registry, self.kernel
        return [registry.get(c) for c in registry.order if kernel.is_active(c)]

    def refresh_views(self) -> None:
        """Rebuild the catalogue and the template loaders from the active modules
        (after start, and after a module's state changes)."""
        self.catalogue = module_catalogue(self.active(), self.settings.default_locale)
        self.environment = self._environment()

    async def reload(self, code: str) -> ReloadResult:
        """Reload module ``code`` (and its active dependents) while the app serves; the
        old code keeps serving if the new code fails. Raises ModuleNotFound."""
        result = await self.core.reload(code)
        if result.ok:
            self.refresh_views()
        return result

    def module_settings(self, code: str, tenant: str | None, kind: type[S]) -> S:
        """Module ``code``'s settings for ``tenant`` (its overrides applied). Raises
        ModuleConfigError when they are invalid, and TypeError when they are not a
        ``kind``."""
        found = self.settings_manager.get_module_config(code, tenant)
        if not isinstance(found, kind):
            raise TypeError(
                f"module {code!r} has settings of type {type(found).__name__}, not "
                f"{kind.__name__}: check its config.py"
            )
        return found

    def t(self, key: str, locale: str | None = None, **values: object) -> str:
        """Translate ``key`` (falls back to the default locale, then the key)."""
        return self.catalogue.t(key, locale, **values)

    def _environment(self) -> Environment:
        return module_environment(self.active(), app_templates=self.templates_dir, translate=self.t)

    def _index_api(self, definition: ModuleDefinition) -> None:
        frontends = frozenset(api_files(definition))
        if frontends:
            self.api_owners = {**self.api_owners, definition.code: frontends}
