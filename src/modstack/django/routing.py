"""Module URLs behind a swappable table. Each run of a module gets a table of Django
URL resolvers built from its route files (``routes/api/<frontend>.py`` and
``routes/pages/<frontend>.py`` exporting ``urlpatterns``, and a Django app's own
``urls.py``); the kernel plugin puts a run's table in service in one assignment, a
reload swaps it, a failed reload keeps the old one. :class:`ModuleURLs` are the two
patterns ``modstack.django.urls`` holds for all of them (APIs, then the rest)."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.urls import URLPattern, URLResolver, clear_url_caches
from django.urls.exceptions import Resolver404
from django.urls.resolvers import ResolverMatch, RoutePattern

from modstack.definition import ModuleDefinition
from modstack.django.api_routes import ModuleAPI
from modstack.kernel import ModuleRuntime
from modstack.web.conventions import (
    PUBLIC_PAGES,
    admin_path_outside_admin_file,
    api_files,
    is_admin_path,
    page_files,
)
from modstack.web.tables import ModuleTables as SharedTables

if TYPE_CHECKING:
    from modstack.django.adapter import Modstack


class Table:
    """One run of a module's URLs: its API resolvers and its other (page) resolvers."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.apis: dict[str, ModuleAPI] = {}
        """The module's API of each frontend that has one."""
        self.api: list[URLResolver] = []
        self.pages: list[URLResolver] = []
        self.admin_pages: list[URLResolver] = []
        """The resolvers of ``routes/pages/admin.py`` (also in :attr:`pages`): their views
        need the admin credential, whatever URL they answer."""
        self.views: dict[tuple[Callable[..., Any], bool], Callable[..., Any]] = {}
        """The gated view of each of the run's views (built on first use)."""

    def gated(
        self, stack: Modstack, handler: Callable[..., Any], *, admin_only: bool
    ) -> Callable[..., Any]:
        """The gated view of the module's view ``handler`` (one per view of this run)."""
        view = self.views.get((handler, admin_only))
        if view is None:
            view = stack.serve(self.code, handler, admin_only)
            view = self.views.setdefault((handler, admin_only), view)
        return view

    def match_page(self, path: str) -> tuple[ResolverMatch, bool] | None:
        """The match of ``path`` among the pages, and whether it is an admin page (from
        the admin page file, or at ``/admin``); None when no page matches."""
        for resolver in self.pages:
            found = _resolved(resolver, path)
            if found:
                return found, resolver in self.admin_pages or is_admin_path("/" + path)
        return None


def _resolved(resolver: URLResolver, path: str) -> ResolverMatch | None:
    """``resolver``'s match of ``path``, its ``route`` starting with the resolver's own
    prefix (as Django's parent resolver joins it: ``api/v1/vendor/notes/<id>``, the route
    monitoring tools name a request by); None when it does not match."""
    try:
        found = resolver.resolve(path)
    except Resolver404:
        return None
    if found:
        found.route = resolver._join_route(str(resolver.pattern), found.route)
    return found


def _patterns(module: ModuleType, definition: ModuleDefinition) -> list[Any]:
    found = getattr(module, "urlpatterns", None)
    if not isinstance(found, list | tuple):
        raise TypeError(
            f"module {definition.code!r}: {module.__file__} must export a list named "
            "`urlpatterns` (Django URL patterns)"
        )
    for pattern in found:
        if not isinstance(pattern, URLPattern | URLResolver):
            raise TypeError(
                f"module {definition.code!r}: {module.__file__}: urlpatterns holds "
                f"{pattern!r}, not a path() or include()"
            )
    return list(found)


def _resolver(prefix: str, patterns: list[Any], namespace: str) -> URLResolver:
    return URLResolver(RoutePattern(prefix), patterns, app_name=namespace, namespace=namespace)


def build_table(definition: ModuleDefinition, stack: Modstack) -> Table:
    """The resolvers of ``definition``'s route files, its API views gated by ``stack``.
    Raises what importing them raises, or TypeError naming the file that exports no
    ``urlpatterns``."""
    code = definition.code
    table = Table(code)
    routes = definition.paths.routes.replace("/", ".")
    base = stack.settings.api_prefix.strip("/")
    for frontend in api_files(definition):
        module = importlib.import_module(f"{definition.package}.{routes}.api.{frontend}")
        patterns = _patterns(module, definition)
        gate = functools.partial(table.gated, stack, admin_only=frontend == "admin")
        api = ModuleAPI(f"{base}/{frontend}/{code}/", patterns, f"{code}-{frontend}-api", gate)
        table.apis[frontend] = api
        table.api.append(api.resolver)
    for frontend, file in page_files(definition).items():
        module = importlib.import_module(f"{definition.package}.{routes}.pages.{frontend}")
        prefix = "" if frontend == PUBLIC_PAGES else f"{frontend}/"
        patterns = _patterns(module, definition)
        paths = [f"/{prefix}{pattern.pattern}" for pattern in patterns]
        admin_path_outside_admin_file(file, frontend, paths)
        table.pages.append(_resolver(prefix, patterns, f"{code}-{frontend}"))
        if frontend == "admin":
            table.admin_pages.append(table.pages[-1])
    urlconf = _urlconf(definition)
    if urlconf is not None:
        module = importlib.import_module(urlconf)
        namespace = str(getattr(module, "app_name", "") or code)
        table.pages.append(_resolver(f"{code}/", _patterns(module, definition), namespace))
    return table


def _urlconf(definition: ModuleDefinition) -> str | None:
    """A Django app's ``urls.py``: the module folder's, or the class-style module's
    ``URLCONF`` (a dotted name)."""
    declared = getattr(definition.implementation, "URLCONF", None)
    if declared:
        return str(declared)
    root = definition.root
    folder_module = (definition.import_name or "").endswith(".definition")
    if folder_module and root is not None and (root / "urls.py").is_file():
        return f"{definition.package}.urls"
    return None


class ModuleTables(SharedTables[Table]):
    """Kernel plugin: builds a starting module's table and puts it in service;
    ``reverse()`` follows every change."""

    def __init__(self, stack: Modstack) -> None:
        super().__init__()
        self.stack = stack

    def build(self, runtime: ModuleRuntime) -> Table:
        """The run's table. Raises what the route files raise, or TypeError."""
        return build_table(runtime.definition, self.stack)

    def changed(self) -> None:
        """``reverse()`` sees the tables in service."""
        clear_url_caches()


class ModuleURLs(URLResolver):
    """Module URLs in ``urlpatterns``: resolves a path against the tables in service and
    answers with the gated view of the module that owns it. ``api=True`` holds the
    module APIs (a path under a module's API prefix belongs to that module even when no
    route matches: the gate answers first, then 404); ``api=False`` the other module
    URLs (pages, a Django app's ``urls.py``), searched after modstack's own."""

    def __init__(self, current: Callable[[], Modstack], *, api: bool) -> None:
        super().__init__(RoutePattern(""), [], app_name=None, namespace=None)
        self.current = current
        self.api = api

    @property
    def url_patterns(self) -> list[URLResolver]:
        """The resolvers of every table in service, read live: a reload swaps them
        (Django's ``_populate`` reads them afresh for ``reverse`` after the swap clears
        the URL caches)."""
        tables = self.current().tables.serving.values()
        return [
            resolver for table in tables for resolver in (table.api if self.api else table.pages)
        ]

    def resolve(self, path: Any) -> ResolverMatch:
        """The gated view of the module URL ``path``; Resolver404 when none owns it."""
        stack = self.current()
        relative = str(path)
        if self.api:
            return _api_match(stack, relative)
        for table in stack.tables.serving.values():
            page = table.match_page(relative)
            if page is not None:
                found, admin_only = page
                found.func = table.gated(stack, found.func, admin_only=admin_only)
                return found
        raise Resolver404({"tried": [], "path": relative})


def _api_match(stack: Modstack, path: str) -> ResolverMatch:
    """The match of ``path`` under a module's API prefix: the gated view of the module's
    route (the module's table for that frontend, found by the path), or the gated 404 of
    a module that has an API for that frontend (the gate answers first: a stopped
    module's 503). Resolver404 for any other path."""
    owner = stack.conventions.owner_of("/" + path)
    if owner is None:
        raise Resolver404({"tried": [], "path": path})
    frontend, code = owner
    table = stack.tables.serving.get(code)
    api = table.apis.get(frontend) if table is not None else None
    if api is not None:
        found = api.match(path)
        if found is not None:
            return found
    elif not stack.owns_api(frontend, code):
        raise Resolver404({"tried": [], "path": path})
    view = stack.serve(code, None, frontend == "admin")
    return ResolverMatch(view, (), {}, route=path, captured_kwargs={}, extra_kwargs={})
