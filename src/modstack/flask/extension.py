"""``Modstack``: the Flask extension (``init_app``, application-factory friendly), and
``create_app`` for a whole app. State lives in ``app.extensions["modstack"]``."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from flask import Flask, Response, g, send_from_directory
from flask.cli import ScriptInfo
from flask.typing import ResponseReturnValue
from jinja2 import BaseLoader, ChoiceLoader, Environment, FileSystemLoader, TemplateNotFound

from modstack.errors import ModstackError, ModuleError
from modstack.flask import endpoints, limits, prefix
from modstack.flask.app_config import settings_from_config
from modstack.flask.commands import command_group
from modstack.flask.errors import answer_errors
from modstack.flask.gate import answer_module_error, refuse, request_head
from modstack.flask.seed import AppManager
from modstack.flask.tables import ModuleTables, add_module_api_rules, dispatch
from modstack.settings import ModstackSettings
from modstack.stack import Stack, build_stack
from modstack.web.conventions import STATIC_PREFIX, module_static
from modstack.web.process import StackPerProcess
from modstack.web.refusals import TEMPLATES, Refusal
from modstack.web.request import RequestHead
from modstack.web.site import Site
from modstack.web.tenants import TenantResolver, resolver_for


class Modstack(StackPerProcess, Site):
    """modstack in a Flask app: ``Modstack(app)`` or ``ext.init_app(app)``. Once
    ``init_app`` ran it is a :class:`~modstack.web.site.Site` (``kernel``, ``tenancy``,
    ``settings``, ``t`` ...)."""

    def __init__(
        self,
        app: Flask | None = None,
        *,
        modules: str | Path | None = None,
        packages: Sequence[str] = (),
        settings: ModstackSettings | None = None,
        tenant_resolver: TenantResolver | None = None,
        actor_resolver: Callable[[RequestHead], str | None] | None = None,
    ) -> None:
        self.modules = modules
        self.actor_resolver = actor_resolver
        """Who is asking (``g.actor``), for an app behind a proxy that authenticates;
        default: the admin principal when signed in, else None."""
        self.packages = tuple(packages)
        """Packages scanned for class-style modules (the seed's ``core.modules``)."""
        self.given_settings = settings
        self.given_resolver = tenant_resolver
        self.app: Flask | None = None
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Build the stack for ``app`` (settings from ``app.config`` and the
        environment), and add the gate, module routes, health, metrics and admin API.
        The stack starts on the first request of each process (after a fork).

        Raises what :func:`~modstack.stack.build_stack` raises for a mistake in the modules
        or the settings (InvalidSettingsError, ModuleTreeError ...); under the ``flask``
        command (``flask run``, ``flask shell``) it stops the command with the message,
        as click's errors do, not a traceback."""
        try:
            self._init_app(app)
        except ModstackError as error:
            if not _under_flask_command():
                raise
            raise click.ClickException(f"modstack cannot start the app: {error}") from error

    def _init_app(self, app: Flask) -> None:
        settings = settings_from_config(dict(app.config), self.given_settings)
        if self.modules is not None:
            settings = settings.model_copy(update={"modules": str(self.modules)})
        self.app = app
        self.package_names = self.packages or settings.package_names
        """The packages scanned for class-style modules."""
        limits.install(app, settings)
        self.tables = ModuleTables(self)
        self.app_manager = AppManager(app, self.tables.errors)
        """What class-style modules' ``initialize(app_manager)`` receives."""
        self.tables.module_app = self.app_manager.flask_app
        core: Stack = build_stack(
            settings,
            plugins=[self.tables],
            app=self.app_manager,
            packages=self.package_names,
        )
        # The Site: conventions, the API index, the admin door, the store probe, views.
        resolver = prefix.install(app, resolver_for(self.given_resolver, settings.default_tenant))
        super().__init__(core, resolver=resolver)
        self.resolver: TenantResolver
        self.app_manager.bind(self.core)
        app.url_build_error_handlers.append(self.tables.build_url)
        self.core.kernel.add_plugin(self)
        app.extensions["modstack"] = self
        app.before_request_funcs.setdefault(None, []).insert(0, self._before_request)
        if ModuleError not in app.error_handler_spec[None][None]:  # the app's own wins
            app.register_error_handler(ModuleError, answer_module_error)
        for blueprint in endpoints.blueprints(self.conventions.admin_api):
            app.register_blueprint(blueprint)
        answer_errors(app)
        add_module_api_rules(app, settings.api_prefix)
        app.cli.add_command(command_group())
        self._serve_static(app)
        app.jinja_env.globals["t"] = self.t
        app.jinja_env.globals["module_static"] = module_static
        app.jinja_env.loader = ChoiceLoader([app.jinja_env.loader, _ModuleTemplates(self)])  # type: ignore[list-item]

    def started_here(self) -> None:
        """The module routes join the URL map; templates and translations follow."""
        self.tables.publish()
        self.refresh_views()

    def _before_request(self) -> ResponseReturnValue | None:
        if self._started_in != os.getpid():
            self.start()
        head = request_head()
        tenant = self.resolver.resolve(head)
        namespace = g._get_current_object()
        namespace.tenant = tenant
        namespace.actor = self.actor_resolver(head) if self.actor_resolver else None
        return dispatch(self, tenant)

    def observe(self, code: str, seconds: float) -> None:
        """Count a request served by module ``code``."""
        self.request_metrics.observe(code, seconds)

    def refresh_views(self) -> None:
        """Rebuild the catalogue and forget cached templates."""
        super().refresh_views()
        if self.app is not None and self.app.jinja_env.cache is not None:
            self.app.jinja_env.cache.clear()

    def _serve_static(self, app: Flask) -> None:
        """``/static/modules/<code>/``: ``url_for("<code>_static", filename=...)`` (or
        ``path=...``)."""
        for definition in self.core.registry:
            folder = definition.path_of("static")
            if folder is None or not folder.is_dir():
                continue
            view = _static_view(self, definition.code, folder)
            for name in ("filename", "path"):
                app.add_url_rule(
                    f"{STATIC_PREFIX}/{definition.code}/<path:{name}>",
                    endpoint=f"{definition.code}_static",
                    view_func=view,
                )


def _under_flask_command() -> bool:
    """Whether the ``flask`` command (its ``ScriptInfo``) is loading the app: not a
    click command of the app's own, Celery's or a test's ``CliRunner``."""
    context = click.get_current_context(silent=True)
    return context is not None and context.find_object(ScriptInfo) is not None


def _static_view(stack: Modstack, code: str, folder: Path) -> Any:
    def serve(filename: str | None = None, path: str | None = None) -> Response:
        runtime = stack.core.kernel.modules[code]
        if not runtime.is_active:
            return refuse(Refusal.module_unavailable(code, runtime.state.value, runtime.reason))
        return send_from_directory(folder, filename or path or "")

    return serve


class _ModuleTemplates(BaseLoader):
    """The active modules' ``templates/``, then modstack's own (after the app's)."""

    def __init__(self, stack: Modstack) -> None:
        self.stack = stack

    def get_source(self, environment: Environment, template: str) -> Any:
        folders = [d.path_of("templates") for d in self.stack.active()]
        for folder in [*[f for f in folders if f is not None and f.is_dir()], TEMPLATES]:
            try:
                return FileSystemLoader(str(folder)).get_source(environment, template)
            except TemplateNotFound:
                continue
        raise TemplateNotFound(template)


def create_app(
    modules: str | Path | None = None,
    *,
    packages: Sequence[str] = (),
    settings: ModstackSettings | None = None,
    tenant_resolver: TenantResolver | None = None,
    import_name: str = "modstack_app",
    **config: Any,
) -> Flask:
    """A Flask app running every module under ``modules`` (default: the settings'
    ``MODSTACK_MODULES``) and in ``packages`` (class-style modules, found by scanning);
    ``config`` goes to ``app.config``."""
    app = Flask(import_name)
    app.config.update(config)
    Modstack(
        app,
        modules=modules,
        packages=packages,
        settings=settings,
        tenant_resolver=tenant_resolver,
    )
    return app
