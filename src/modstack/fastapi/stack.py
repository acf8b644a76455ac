"""``Modstack``: everything one FastAPI app needs from modstack, at ``app.state.modstack``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.templating import Jinja2Templates
from sqlalchemy.engine import Engine

from modstack.fastapi.tenants import TenantResolver
from modstack.i18n import Catalogue
from modstack.kernel import ModuleRuntime
from modstack.kernel.reload import ReloadResult
from modstack.stack import Stack
from modstack.web.conventions import ApiConventions, api_files
from modstack.web.templates import module_catalogue, module_environment

if TYPE_CHECKING:
    from modstack.config import SettingsManager
    from modstack.events import EventBus, Outbox
    from modstack.fastapi.mounting import ModuleRoutes
    from modstack.kernel import Kernel
    from modstack.registry import Registry
    from modstack.services import ServiceRegistry
    from modstack.settings import ModstackSettings
    from modstack.tasks import Tasks
    from modstack.tenancy import TenancyService


class Modstack:
    """modstack in one FastAPI app: the ``Stack`` (registry, kernel, tenancy, settings,
    events, outbox, tasks, services, database) with what the web side adds: the tenant
    resolver, the gate's index of module APIs, and the views built from the active
    modules (the translation catalogue and the template loader chain: the app's
    templates, then each active module's, then modstack's own)."""

    def __init__(
        self,
        core: Stack,
        *,
        resolver: TenantResolver,
        routes: ModuleRoutes,
        templates_dir: str | Path | None = None,
    ) -> None:
        self.core = core
        """The framework-free stack every adapter shares."""
        self.resolver = resolver
        self.routes = routes
        """The kernel plugin that mounts module routes (the dispatcher asks it)."""
        self.templates_dir = Path(templates_dir) if templates_dir else None
        self.prometheus: Any = None
        """The ``MetricsPage`` ``/metrics`` serves (built on first scrape)."""
        self.conventions = ApiConventions(core.settings.api_prefix)
        """Where module APIs are mounted (``MODSTACK_API_PREFIX``)."""
        self.api_owners: dict[tuple[str, str], str] = {}
        """(frontend, code) -> code, for every module API prefix: the gate's index."""
        self.catalogue = Catalogue({}, core.settings.default_locale)
        self.templates = self._templates()

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

    def module_state_changed(self, runtime: ModuleRuntime) -> None:
        """Kernel plugin role: while serving, a module that stops or fails leaves the
        templates and catalogue (startup and shutdown rebuild them once instead)."""
        if self.serving and not runtime.is_active:
            self.refresh_views()
        elif self.serving and not runtime.standby:  # a module added while serving
            for frontend in api_files(runtime.definition):
                self.api_owners[(frontend, runtime.code)] = runtime.code

    def active(self) -> list[Any]:
        """Definitions of the active modules, in load order."""
        return [
            self.registry.get(c) for c in self.registry.order if self.kernel.is_module_loaded(c)
        ]

    def refresh_views(self) -> None:
        """Rebuild the catalogue and the template loaders from the active modules
        (after start, and after a module's state changes)."""
        self.catalogue = module_catalogue(self.active(), self.settings.default_locale)
        self.templates = self._templates()

    async def reload(self, code: str) -> ReloadResult:
        """Reload module ``code`` (and its active dependents) while the app serves; the
        old code keeps serving if the new code fails. Raises ModuleNotFound."""
        result = await self.core.reload(code)
        if result.ok:
            self.refresh_views()
        return result

    def t(self, key: str, locale: str | None = None, **values: object) -> str:
        """Translate ``key`` (falls back to the default locale, then the key)."""
        return self.catalogue.t(key, locale, **values)

    def _templates(self) -> Jinja2Templates:
        environment = module_environment(
            self.active(), app_templates=self.templates_dir, translate=self.t
        )
        return Jinja2Templates(env=environment)
