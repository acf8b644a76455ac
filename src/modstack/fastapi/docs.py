"""The API docs pages (Swagger UI at ``/docs``, ReDoc at ``/redoc``) served from the
copies of their scripts and styles that the ``fastapi-offline`` package ships: they work
on a machine without internet, where FastAPI's own pages (which load them from a CDN)
stay blank.

Every URL on the pages is relative to the request's root path, so behind a path-prefix
tenant resolver ``/t/acme/docs`` reads ``/t/acme/openapi.json``, whose ``servers`` entry
is ``/t/acme``: "Try it out" calls the tenant's routes.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from starlette.responses import FileResponse, HTMLResponse, Response

ASSETS_URL = "/docs/assets"
"""Where the Swagger UI and ReDoc files are served."""

ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}
"""The files the pages load, with their media types."""

NO_CDN_DOCS: dict[str, Any] = {"docs_url": None, "redoc_url": None}
"""FastAPI options that turn off FastAPI's own docs pages (they load from a CDN)."""


def assets_folder() -> Path:
    """The folder holding ``swagger-ui-bundle.js``, ``swagger-ui.css``,
    ``redoc.standalone.js`` and ``favicon.png``."""
    return Path(str(files("fastapi_offline").joinpath("static")))


def serve_docs(app: FastAPI, options: Mapping[str, Any]) -> None:
    """Add the docs pages at the ``docs_url`` and ``redoc_url`` in ``options`` (the
    FastAPI options the app was asked for; default ``/docs`` and ``/redoc``, None for
    none), with their files served by the app itself. Create the app itself with
    ``**NO_CDN_DOCS``."""
    docs_url: str | None = options.get("docs_url", "/docs")
    redoc_url: str | None = options.get("redoc_url", "/redoc")
    if app.openapi_url is None or (docs_url is None and redoc_url is None):
        return
    openapi_url = app.openapi_url
    folder = assets_folder()

    @app.get(ASSETS_URL + "/{name}", include_in_schema=False)
    async def docs_asset(name: str) -> Response:
        # A route, not a StaticFiles mount: it serves the same files under a tenant's
        # path prefix (/t/acme/docs/assets/...), and only the four files named here.
        if name not in ASSETS:
            return Response(status_code=404)
        return FileResponse(folder / name, media_type=ASSETS[name])

    if docs_url is not None:
        redirect_url = app.swagger_ui_oauth2_redirect_url

        @app.get(docs_url, include_in_schema=False)
        async def swagger_ui(request: Request) -> HTMLResponse:
            root = _root(request)
            return get_swagger_ui_html(
                openapi_url=root + openapi_url,
                title=f"{app.title} - Swagger UI",
                swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
                swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
                swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
                oauth2_redirect_url=root + redirect_url if redirect_url else None,
                init_oauth=app.swagger_ui_init_oauth,
                swagger_ui_parameters=app.swagger_ui_parameters,
            )

        if redirect_url:

            @app.get(redirect_url, include_in_schema=False)
            async def swagger_ui_redirect() -> HTMLResponse:
                return get_swagger_ui_oauth2_redirect_html()

    if redoc_url is not None:

        @app.get(redoc_url, include_in_schema=False)
        async def redoc(request: Request) -> HTMLResponse:
            root = _root(request)
            return get_redoc_html(
                openapi_url=root + openapi_url,
                title=f"{app.title} - ReDoc",
                redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
                redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
                with_google_fonts=False,
            )


def _root(request: Request) -> str:
    """The request's ``root_path``, percent-encoded: FastAPI writes these URLs into the
    page's HTML and JavaScript as they are, so nothing in them may be markup."""
    root: str = request.scope.get("root_path", "")
    return quote(root.rstrip("/"), safe="/-_.~")
