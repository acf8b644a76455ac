"""Module routes behind a swappable table. Flask cannot change its ``url_map`` after the
first request, so each run of a module gets its own table: a private Flask app holding
the module's blueprints (``routes/api/<frontend>.py`` and ``routes/pages/<frontend>.py``
exporting ``blueprint``, ``bp`` or ``router``). The kernel plugin puts a run's table in
service in one assignment; a reload swaps it, a failed reload keeps the old one. Once
the stack serves, every change also puts a new URL map, with the app's rules and those
of the tables in service, into ``app.url_map`` (:mod:`modstack.flask.routing`): Flask's
own routing then finds a module's view, and ``dispatch`` gates it."""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from flask import Blueprint, Flask, Response, current_app, has_request_context, request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import BaseConverter

from modstack.definition import ModuleDefinition
from modstack.definition_check import RESERVED_CODE
from modstack.flask import admin, gate
from modstack.flask.recorder import STARTING
from modstack.flask.routing import ModuleRule, Table, clashes, module_map
from modstack.kernel import Lifecycle, ModuleRuntime
from modstack.web.conventions import (
    PUBLIC_PAGES,
    admin_path_outside_admin_file,
    api_files,
    is_admin_path,
    page_files,
)
from modstack.web.refusals import Refusal
from modstack.web.tables import ModuleTables as SharedTables

if TYPE_CHECKING:
    from flask.typing import ResponseReturnValue

    from modstack.flask.extension import Modstack

logger = logging.getLogger("modstack")

URL_FOR_OPTIONS = ("_external", "_anchor", "_method", "_scheme")
"""``url_for``'s own keywords (a module endpoint's URL is built relative to the app)."""


class ModuleTables(SharedTables[Table]):
    """Kernel plugin: builds a starting module's table and puts it in service; the
    app's URL map follows every change."""

    def __init__(self, stack: Modstack) -> None:
        super().__init__()
        self.stack = stack
        self.module_app: Any = None
        """``app_manager.flask_app`` (set by the extension)."""
        self.errors = Flask("modstack.module_errors", static_folder=None)
        """Error handlers modules registered (``@app.errorhandler``): they answer
        errors raised by module views; the app's own handlers answer the rest."""
        self._outside: list[tuple[str, Table]] | None = None
        self._publishing = threading.Lock()
        self._clashes: set[str] = set()
        """The clashes between modules' routes already logged (each is logged once)."""
        self._published: tuple[tuple[str, Table, int], ...] | None = None
        """What the app's URL map holds: (code, table, rule count) per table in service."""

    def publish(self) -> None:
        """Put the routes of the tables in service into the app's URL map (a new map,
        in one assignment), unless they are there already. Until then, and for a
        request that matched against an older map, ``dispatch`` finds them itself."""
        app = self.stack.app
        if app is None:
            return
        with self._publishing:
            serving = self.serving
            published = tuple(
                (code, table, len(table.holder.url_map._rules)) for code, table in serving.items()
            )
            if published == self._published:
                return
            app.url_map = module_map(app.url_map, serving, self.stack.conventions.prefix)
            self._published = published
            for clash in clashes(serving):
                if clash not in self._clashes:
                    self._clashes.add(clash)
                    logger.warning("%s", clash)

    def changed(self) -> None:
        """The tables in service (or their routes) changed: the outside list is stale;
        once the stack serves, the app's URL map follows."""
        self._outside = None
        if self.stack.core.serving:
            self.publish()

    def outside(self) -> list[tuple[str, Table]]:
        """The tables in service with routes outside the module API prefix."""
        found = self._outside
        if found is None:
            prefix = self.stack.conventions.prefix
            found = [(c, t) for c, t in self.serving.items() if t.serves_outside(prefix)]
            self._outside = found
        return found

    def build(self, runtime: ModuleRuntime) -> Table:
        """Import the module's route files and build its table; routes its
        ``initialize`` registers (the kernel calls it next) join the table. Raises what
        the route files raise, or TypeError."""
        table = self._table(runtime.definition)
        STARTING.set(table)
        return table

    def module_state_changed(self, runtime: ModuleRuntime) -> None:
        """Once a class-style module is active: ``register_routes(app)`` unless its
        ``initialize`` registered routes itself (the seed's modules do)."""
        self.changed()  # routes its initialize registered count from now on
        table = self.built.get(runtime)
        if runtime.state is not Lifecycle.ACTIVE or table is None or table.recorded:
            return
        register = getattr(runtime.instance, "register_routes", None)
        if register is None or self.module_app is None:
            return
        token = STARTING.set(table)
        try:
            register(self.module_app)
        except Exception as error:  # noqa: BLE001 - the module fails, the rest serves
            logger.error("module %r failed during register_routes: %s", runtime.code, error)
            self.stop_module(runtime)
            runtime.fail(error, during="register_routes")
        finally:
            STARTING.reset(token)
        self.changed()

    def build_url(self, error: Exception, endpoint: str, values: dict[str, Any]) -> str:
        """``url_for`` of a module endpoint (Flask's ``url_build_error_handlers``);
        re-raises ``error`` for an endpoint no module serves."""
        options = {key: values.pop(key) for key in list(values) if key in URL_FOR_OPTIONS}
        for table in self.serving.values():
            url = table.build(endpoint, values)
            if url is not None:
                root = request.script_root if has_request_context() else ""
                anchor = options.get("_anchor")
                return root + url + (f"#{quote(str(anchor))}" if anchor else "")
        raise error

    def _table(self, definition: ModuleDefinition) -> Table:
        table = Table(definition.code)
        conventions = self.stack.conventions
        for frontend, file in api_files(definition).items():
            blueprint = _blueprint(definition, f"api.{frontend}")
            # The seed's `Blueprint(..., url_prefix="/billing")` names the module: not twice.
            own = (blueprint.url_prefix or "").rstrip("/") == f"/{definition.code}"
            extra = "" if own else (blueprint.url_prefix or "").rstrip("/")
            prefix = conventions.module_api(frontend, definition.code) + extra
            _register(table, blueprint, prefix, frontend, file)
        for frontend, file in page_files(definition).items():
            blueprint = _blueprint(definition, f"pages.{frontend}")
            prefix = "" if frontend == PUBLIC_PAGES else f"/{frontend}"
            own_prefix = (blueprint.url_prefix or "").rstrip("/")
            _register(table, blueprint, prefix + own_prefix or None, frontend, file)
        return table


def _register(
    table: Table, blueprint: Blueprint, prefix: str | None, frontend: str, file: Path
) -> None:
    """Register ``blueprint`` from ``file`` in ``table``; an admin file's endpoints are
    recorded as admin-only. Raises TypeError when another file serves under ``/admin``."""
    before = set(table.holder.view_functions)
    table.holder.register_blueprint(blueprint, url_prefix=prefix)
    added = set(table.holder.view_functions) - before
    if frontend == "admin":
        table.admin_endpoints |= added
        return
    paths = [r.rule for r in table.holder.url_map.iter_rules() if r.endpoint in added]
    admin_path_outside_admin_file(file, frontend, paths)


def _blueprint(definition: ModuleDefinition, relative: str) -> Blueprint:
    routes_package = definition.paths.routes.replace("/", ".")
    module = importlib.import_module(f"{definition.package}.{routes_package}.{relative}")
    for name in ("blueprint", "bp", "router"):
        found = getattr(module, name, None)
        if isinstance(found, Blueprint):
            return found
    raise TypeError(
        f"module {definition.code!r}: {module.__file__} must export a flask Blueprint "
        "named `blueprint`, `bp` or `router`"
    )


MODULE_API = "modstack_module_api"
"""The endpoint of the app's rules for module API prefixes (``<prefix>/<frontend>/<code>``)."""
METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


class ModuleCode(BaseConverter):
    """A module code in a URL: any segment but ``modstack`` (no module has that code:
    ``<prefix>/admin/modstack`` is modstack's own admin API, whose routes then answer
    405 to another method rather than this rule 404)."""

    regex = f"(?!{RESERVED_CODE}(?:/|$))[^/]+"


def add_module_api_rules(app: Flask, prefix: str) -> None:
    """Rules for every module API prefix, so Flask's routing finds the module (the table
    in service then finds the view)."""
    app.url_map.converters["module_code"] = ModuleCode
    for tail in ("", "/", "/<path:rest>"):
        app.add_url_rule(
            f"{prefix}/<frontend>/<module_code:code>{tail}",
            endpoint=MODULE_API,
            view_func=_no_module,
            methods=METHODS,
            provide_automatic_options=False,
            strict_slashes=False,
        )


def _no_module(**_: str) -> Response:
    raise NotFound()


def dispatch(stack: Modstack, tenant: str | None) -> ResponseReturnValue | None:
    """``before_request``: a module's route answers here (gated); None lets Flask run
    the app's own view (or answer 404). A request that matched a module's rule in the
    app's URL map is served from that rule; one that matched before the map followed
    the tables in service (the catch-all module API rule, no rule, or a module rule of
    a table since replaced) is matched against the tables."""
    current = request._get_current_object()  # type: ignore[attr-defined]
    rule = current.url_rule
    if rule.__class__ is ModuleRule:
        if stack.tables.serving.get(rule.code) is rule.table:
            return _serve_rule(stack, rule, tenant, current)
        path, method = current.path, current.method
        answer = _serve(
            stack, rule.code, tenant, path, method, api=rule.api, admin_only=rule.admin_api
        )
        if answer is None:
            answer = _serve_outside(stack, tenant, path, method)
        if answer is None:
            raise NotFound()  # the rule's view is out of service: never Flask's own
        return answer
    if rule is not None:
        arguments = current.view_args or {}
        code = arguments.get("code", "")
        if rule.endpoint == MODULE_API and code in stack.api_owners:
            admin_api = arguments.get("frontend") == "admin"
            path, method = current.path, current.method
            return _serve(stack, code, tenant, path, method, api=True, admin_only=admin_api)
        return None  # the app's own route (or no module's API: 404)
    return _serve_outside(stack, tenant, current.path, current.method)


def _serve_rule(
    stack: Modstack, rule: ModuleRule, tenant: str | None, current: Any
) -> ResponseReturnValue:
    """Serve the module route Flask matched: the gate, then its view."""
    if rule.admin_api or rule.admin_page:
        refused = admin.refusal(stack) if rule.admin_api else admin.page_refusal(stack)
        if refused is not None:
            return refused
    refused = gate.check(stack, rule.code, tenant)
    if refused is not None:
        return refused
    if current.method == "OPTIONS" and rule.provide_automatic_options:
        return _options(rule.table, current.path)
    return _call(stack, rule.code, rule.view, current.view_args)


def _serve_outside(
    stack: Modstack, tenant: str | None, path: str, method: str
) -> ResponseReturnValue | None:
    """Serve ``path`` from the first table in service with a route outside the module
    API prefix that knows it; None when none does."""
    for code, table in stack.tables.outside():
        try:
            if table.match(path, method) is None:
                continue
        except MethodNotAllowed:
            pass
        return _serve(stack, code, tenant, path, method, api=False)
    return None


def _serve(
    stack: Modstack,
    code: str,
    tenant: str | None,
    path: str,
    method: str,
    *,
    api: bool,
    admin_only: bool = False,
) -> ResponseReturnValue | None:
    checked = admin_only or is_admin_path(path)
    if checked:
        refused = admin.refusal(stack) if api else admin.page_refusal(stack)
        if refused is not None:
            return refused
    refused = gate.check(stack, code, tenant)
    if refused is not None:
        return refused
    table = stack.tables.serving.get(code)
    # MethodNotAllowed goes up to the app's 405 handler (modstack's unless it has its own)
    found = table.match(path, method) if table is not None else None
    if found is None or table is None:
        return gate.refuse(Refusal.not_found()) if api else None
    endpoint, arguments = found
    if endpoint in table.admin_endpoints and not checked:  # an admin route at an odd URL
        refused = admin.refusal(stack) if api else admin.page_refusal(stack)
        if refused is not None:
            return refused
    return _call(stack, code, table.view(endpoint), arguments)


def _call(
    stack: Modstack, code: str, view: Callable[..., Any], arguments: Any
) -> ResponseReturnValue:
    """What module ``code``'s ``view`` answers (Flask makes it a response); an error it
    raises goes to the error handlers modules registered, else up to the app's."""
    started = time.perf_counter()
    try:
        try:
            answer = view(**arguments)
        except Exception as error:
            handler = stack.tables.errors._find_error_handler(error, [])
            if handler is None:
                raise
            answer = handler(error)
    finally:
        stack.request_metrics.observe(code, time.perf_counter() - started)
    if answer is None:  # returned from before_request, None would mean "go on"
        name = getattr(view, "__qualname__", repr(view))
        raise TypeError(f"module {code!r}: the view {name} returned None, not a response")
    return cast("ResponseReturnValue", answer)


def _options(table: Table, path: str) -> Response:
    """The automatic answer to ``OPTIONS``: the methods the module's routes allow."""
    response = current_app.response_class()
    response.allow.update(table.allowed_methods(path))
    return response
