"""``Modstack``: everything one FastAPI app needs from modstack, at ``app.state.modstack``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from sqlalchemy.engine import Engine

from modstack.events import EventBus, Outbox
from modstack.fastapi.tenants import TenantResolver
from modstack.i18n import Catalogue
from modstack.kernel import Kernel
from modstack.kernel.reload import ReloadResult
from modstack.registry import Registry
from modstack.services import ServiceRegistry
from modstack.settings import ModstackSettings
from modstack.tasks import Tasks
from modstack.tenancy import TenancyService
from modstack.web.refusals import TEMPLATES


class Modstack:
    """The registry, kernel and tenancy service of one app, with the views built from
    the active modules: the translation catalogue and the template loader chain (the
    app's templates, then each active module's, then modstack's own)."""

    def __init__(
        self,
        registry: Registry,
        *,
        kernel: Kernel,
        tenancy: TenancyService,
        resolver: TenantResolver,
        settings: ModstackSettings,
        templates_dir: str | Path | None = None,
    ) -> None:
        self.registry = registry
        self.kernel = kernel
        self.tenancy = tenancy
        self.resolver = resolver
        self.settings = settings
        self.templates_dir = Path(templates_dir) if templates_dir else None
        self.events: EventBus | None = None
        """The event bus modules publish on (set by ``attach``)."""
        self.services = ServiceRegistry(modules=registry)
        """Every module's services (``attach`` gives it the app's runtime)."""
        self.settings_manager: Any = None
        """The configuration manager (set by ``attach``): ``get_module_config(code, tenant)``."""
        self.prometheus: Any = None
        """The Prometheus collector registry ``/metrics`` serves (built on first scrape)."""
        self.outbox: Outbox | None = None
        """Durable events (set by ``attach``): write with ``record_event`` in your
        transaction; the app delivers them every ``MODSTACK_OUTBOX_INTERVAL`` seconds, or
        call ``outbox.deliver(wait=False)`` after the commit to deliver them at once."""
        self.tasks: Tasks | None = None
        """Every module's tasks (set by ``attach``)."""
        self.serving = False
        """True between startup and shutdown."""
        self.api_owners: dict[tuple[str, str], str] = {}
        """(frontend, code) -> code, for every module API prefix: the gate's index."""
        self.catalogue = Catalogue({}, settings.default_locale)
        self.templates = self._templates()

    @property
    def engine(self) -> Engine:
        """The app's database (``MODSTACK_DATABASE_URL``): modstack's own tables live there,
        and a module may keep its tables there too."""
        return self.tenancy.store.engine

    def active(self) -> list[Any]:
        """Definitions of the active modules, in load order."""
        return [
            self.registry.get(c) for c in self.registry.order if self.kernel.is_module_loaded(c)
        ]

    def refresh_views(self) -> None:
        """Rebuild the catalogue and the template loaders from the active modules
        (after start, and after a module's state changes)."""
        self.catalogue = Catalogue.load(self.active(), default_locale=self.settings.default_locale)
        self.templates = self._templates()

    async def reload(self, code: str) -> ReloadResult:
        """Reload module ``code`` (and its active dependents) while the app serves; the
        old code keeps serving if the new code fails. Raises ModuleNotFound."""
        result = await self.kernel.reload(code)
        if result.ok:
            self.refresh_views()
        return result

    def t(self, key: str, locale: str | None = None, **values: object) -> str:
        """Translate ``key`` (falls back to the default locale, then the key)."""
        return self.catalogue.t(key, locale, **values)

    def _templates(self) -> Jinja2Templates:
        loaders = [FileSystemLoader(str(self.templates_dir))] if self.templates_dir else []
        for definition in self.active():
            folder = definition.path_of("templates")
            if folder is not None and folder.is_dir():
                loaders.append(FileSystemLoader(str(folder)))
        loaders.append(FileSystemLoader(str(TEMPLATES)))  # modstack/error.html, overridable
        environment = Environment(
            loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html", "xml"])
        )
        environment.globals["t"] = self.t
        environment.globals["module_static"] = module_static
        return Jinja2Templates(env=environment)


def module_static(code: str, path: str) -> str:
    """The URL of a module's static file: ``/static/modules/<code>/<path>``."""
    return f"/static/modules/{code}/{path.lstrip('/')}"
