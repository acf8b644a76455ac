"""The marketplace app: every module under ``app/modules``, tenants named by the path
(``/t/<tenant>/...``), the shared layout in ``app/templates``.

    uvicorn --app-dir examples/marketplace --factory app.main:build
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from app import db
from modstack.fastapi import PathPrefixTenantResolver, create_app
from modstack.settings import ModstackSettings

HERE = Path(__file__).parent
MODULES = HERE / "modules"
TEMPLATES = HERE / "templates"
TENANT_PREFIX = "/t"


def build(settings: ModstackSettings | None = None) -> FastAPI:
    """The app, on ``settings`` (default: the ``MODSTACK_*`` environment)."""
    app = create_app(
        modules=MODULES,
        settings=settings,
        tenant_resolver=PathPrefixTenantResolver(TENANT_PREFIX),
        templates=TEMPLATES,
        title="Wizamart marketplace",
    )
    db.use(app.state.modstack.tenancy.store.engine)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> HTMLResponse:
        """Every tenant, with links to its storefront and vendor pages."""
        stack = request.app.state.modstack
        tenants = [
            (info.tenant, sorted(stack.tenancy.enabled_modules(info.tenant)))
            for info in stack.tenancy.store.tenants()
        ]
        response: HTMLResponse = stack.templates.TemplateResponse(
            request, "home.html", {"tenants": tenants, "prefix": TENANT_PREFIX, "locale": "en"}
        )
        return response

    return app
