"""``Modstack``: everything one FastAPI app needs from modstack, at ``app.state.modstack``:
the framework-free :class:`~modstack.web.site.Site` plus the app's template renderer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi.templating import Jinja2Templates

from modstack.web.site import Site

if TYPE_CHECKING:
    from modstack.fastapi.mounting import ModuleRoutes
    from modstack.fastapi.tenants import TenantResolver
    from modstack.stack import Stack


class Modstack(Site):
    """modstack in one FastAPI app: the :class:`Site` (stack, tenant resolver, API
    index, views) and ``templates``, a ``Jinja2Templates`` over the site's environment
    (the app's templates, then each active module's, then modstack's own)."""

    def __init__(
        self,
        core: Stack,
        *,
        resolver: TenantResolver,
        routes: ModuleRoutes,
        templates_dir: str | Path | None = None,
    ) -> None:
        super().__init__(core, resolver=resolver, templates_dir=templates_dir)
        self.resolver: TenantResolver = resolver
        self.routes = routes
        """The kernel plugin that mounts module routes (the dispatcher asks it)."""
        self.templates = Jinja2Templates(env=self.environment)

    def refresh_views(self) -> None:
        """Rebuild the catalogue and the template loaders from the active modules."""
        super().refresh_views()
        self.templates = Jinja2Templates(env=self.environment)
