"""``Modstack``: modstack in a Django project. The ``modstack.django`` app's ``ready()``
builds one per process from the project's settings; the stack (modules, outbox, reload
listener: a thread with an asyncio loop of its own) starts on the first request of each
process, after the fork in a gunicorn worker, and never in a command that does not
serve."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from time import perf_counter
from typing import Any

from asgiref.sync import iscoroutinefunction, sync_to_async
from django.http import HttpRequest, HttpResponse

from modstack.config import ModuleConfigs
from modstack.django import admin
from modstack.django.gate import check, refuse
from modstack.django.routing import ModuleTables
from modstack.django.seed import AppManager
from modstack.django.settings import (
    declared,
    module_configs_of,
    settings_from_django,
    tenant_resolver_of,
)
from modstack.settings import ModstackSettings, package_list
from modstack.stack import Stack, build_stack
from modstack.web.process import StackPerProcess
from modstack.web.refusals import Refusal
from modstack.web.request import RequestHead
from modstack.web.site import Site
from modstack.web.tenants import TenantResolver, resolver_for


class Modstack(StackPerProcess, Site):
    """The stack of a Django project and what its views need: a
    :class:`~modstack.web.site.Site` (``kernel``, ``tenancy``, ``settings``,
    ``conventions``, ``admin_access``, ``t`` ...) with the module URL tables."""

    def __init__(
        self,
        settings: ModstackSettings,
        *,
        packages: Sequence[str] = (),
        tenant_resolver: TenantResolver | None = None,
        actor_resolver: Callable[[RequestHead], str | None] | None = None,
        module_configs: ModuleConfigs | None = None,
    ) -> None:
        self.package_names = tuple(packages) or settings.package_names
        """The packages scanned for class-style modules (the seed's ``core.modules``)."""
        self.actor_resolver = actor_resolver
        """Who is asking (``request.actor``), for a project behind an authenticating
        proxy; default None."""
        self.tables = ModuleTables(self)
        self.app_manager = AppManager()
        """What class-style modules' ``initialize(app_manager)`` receives."""
        core: Stack = build_stack(
            settings,
            plugins=[self.tables],
            app=self.app_manager,
            packages=self.package_names,
            module_configs=module_configs,  # settings.MODULE_CONFIGS
        )
        # The Site: conventions, the API index, the admin door, the store probe, views.
        super().__init__(core, resolver=resolver_for(tenant_resolver, settings.default_tenant))
        self.resolver: TenantResolver
        self.app_manager.bind(self.core)
        self.core.kernel.add_plugin(self)

    def started_here(self) -> None:
        """Templates and translations follow the modules now running."""
        self.refresh_views()

    def serve(
        self, code: str, handler: Callable[..., Any] | None, admin_only: bool
    ) -> Callable[..., Any]:
        """The gated view of a module URL: the admin credential for the admin frontend
        (an admin page sends a browser without it to the sign-in form), the gate, then
        the module's view ``handler`` (None: 404 once admitted). An async module view
        gets an async gate (Django runs it on ASGI, or in a loop on WSGI)."""

        def admit(request: HttpRequest) -> HttpResponse | None:
            self.start()
            if admin_only:
                page = self.conventions.owner_of(request.path_info) is None
                refused = (admin.page_refusal if page else admin.refusal)(self, request)
                if refused is not None:
                    return refused
            return check(self, request, code)

        if handler is None:

            def missing(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
                refused = admit(request)
                return refused if refused is not None else refuse(request, Refusal.not_found())

            return missing
        module_view = handler
        observe = self.request_metrics.observe

        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if admin_only:
                refused = admit(request)
            else:  # the common case, in fewer calls
                self.start()
                refused = check(self, request, code)
            if refused is not None:
                return refused
            started = perf_counter()
            try:
                answer: HttpResponse = module_view(request, *args, **kwargs)
                return answer
            finally:
                observe(code, perf_counter() - started)

        async def async_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            refused = await sync_to_async(admit)(request)
            if refused is not None:
                return refused
            started = perf_counter()
            try:
                answer: HttpResponse = await module_view(request, *args, **kwargs)
                return answer
            finally:
                observe(code, perf_counter() - started)

        chosen = async_view if iscoroutinefunction(handler) else view
        functools.update_wrapper(chosen, handler)  # csrf_exempt and the name travel along
        return chosen

    def observe(self, code: str, seconds: float) -> None:
        """Count a request served by module ``code``."""
        self.request_metrics.observe(code, seconds)

    def refresh_views(self) -> None:
        """Rebuild the catalogue and forget the templates Django's loaders cached."""
        super().refresh_views()
        from modstack.django.templates import forget_cached_templates

        forget_cached_templates()

    def static_folder(self, code: str) -> Path | None:
        """Module ``code``'s ``static/`` folder, if it has one."""
        definition = self.core.registry.get(code) if code in self.core.kernel.modules else None
        folder = definition.path_of("static") if definition is not None else None
        return folder if folder is not None and folder.is_dir() else None


def from_django_settings(django_settings: Any) -> Modstack:
    """The ``Modstack`` the project's settings describe: ``MODSTACK`` / ``MODSTACK_*``
    over the environment, ``tenant_resolver`` (a resolver or its dotted path) and
    ``packages``. Raises ImproperlyConfigured, ModstackError."""
    given = declared(django_settings)
    resolver = tenant_resolver_of(django_settings)
    packages = given.get("packages") or ()
    if isinstance(packages, str):
        packages = package_list(packages)
    return Modstack(
        settings_from_django(django_settings),
        packages=packages,
        tenant_resolver=resolver,
        module_configs=module_configs_of(django_settings),
    )
