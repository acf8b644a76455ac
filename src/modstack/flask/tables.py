"""Module routes behind a swappable table. Flask cannot change its ``url_map`` after the
first request, so each run of a module gets its own table: a private Flask app holding
the module's blueprints (``routes/api/<frontend>.py`` and ``routes/pages/<frontend>.py``
exporting ``blueprint``, ``bp`` or ``router``). The kernel plugin puts a run's table in
service in one assignment; a reload swaps it, a failed reload keeps the old one."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask import Blueprint, Flask, Response, current_app, request
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, MapAdapter

from modstack.definition import ModuleDefinition
from modstack.flask import admin, gate
from modstack.kernel import ModuleRuntime
from modstack.web.conventions import PUBLIC_PAGES, api_files, page_files
from modstack.web.refusals import Refusal

if TYPE_CHECKING:
    from modstack.flask.extension import Modstack


@dataclass
class Table:
    """One run of a module's routes: their URL map and views."""

    code: str
    url_map: Map
    views: dict[str, Callable[..., Any]]

    def match(self, path: str, method: str) -> tuple[str, Mapping[str, Any]] | None:
        """``(endpoint, arguments)`` for ``path``; None when no rule matches. Raises
        MethodNotAllowed for a known path with another method."""
        adapter: MapAdapter = self.url_map.bind("localhost", path_info=path)
        try:
            return adapter.match(path, method=method)
        except NotFound:
            return None


class ModuleTables:
    """Kernel plugin: builds a starting module's table and puts it in service."""

    step = "routes"

    def __init__(self, stack: Modstack) -> None:
        self.stack = stack
        self.serving: dict[str, Table] = {}
        """The table in service for each module code (replaced whole on a change)."""
        self._built: dict[ModuleRuntime, Table] = {}

    def start_module(self, runtime: ModuleRuntime) -> None:
        """Import the module's route files and build its table; in service unless the
        run is a reload's standby. Raises what the route files raise, or TypeError."""
        table = self._table(runtime.definition)
        self._built[runtime] = table
        if not runtime.standby:
            self.serving = {**self.serving, runtime.code: table}

    def swap_modules(
        self, fresh: Mapping[str, ModuleRuntime], replaced: Mapping[str, ModuleRuntime]
    ) -> None:
        """Put the fresh runs' tables in service in one assignment."""
        swapped = {code: self._built[r] for code, r in fresh.items() if r in self._built}
        self.serving = {**self.serving, **swapped}
        for runtime in replaced.values():
            self._built.pop(runtime, None)

    def stop_module(self, runtime: ModuleRuntime) -> None:
        """Take the run's table out of service."""
        table = self._built.pop(runtime, None)
        if table is not None and self.serving.get(runtime.code) is table:
            self.serving = {c: t for c, t in self.serving.items() if c != runtime.code}

    def discard_module(self, runtime: ModuleRuntime) -> None:
        """Forget the table of a run a failed reload threw away."""
        self._built.pop(runtime, None)

    def _table(self, definition: ModuleDefinition) -> Table:
        holder = Flask(f"modstack.{definition.code}")
        conventions = self.stack.conventions
        for frontend in api_files(definition):
            blueprint = _blueprint(definition, f"api.{frontend}")
            # The seed's `Blueprint(..., url_prefix="/billing")` names the module: not twice.
            own = (blueprint.url_prefix or "").rstrip("/") == f"/{definition.code}"
            extra = "" if own else (blueprint.url_prefix or "").rstrip("/")
            prefix = conventions.module_api(frontend, definition.code) + extra
            holder.register_blueprint(blueprint, url_prefix=prefix)
        for frontend in page_files(definition):
            blueprint = _blueprint(definition, f"pages.{frontend}")
            prefix = "" if frontend == PUBLIC_PAGES else f"/{frontend}"
            holder.register_blueprint(blueprint, url_prefix=prefix + (blueprint.url_prefix or ""))
        views = {k: v for k, v in holder.view_functions.items() if k != "static"}
        rules = [rule.empty() for rule in holder.url_map.iter_rules() if rule.endpoint != "static"]
        return Table(definition.code, Map(rules, strict_slashes=True), views)


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


def dispatch(stack: Modstack) -> Response | None:
    """``before_request``: a module's route answers here (gated); None lets Flask route
    the request to the app's own views."""
    path, method = request.path, request.method
    owner = stack.conventions.owner_of(path)
    if owner is not None and owner[1] in stack.api_owners:
        return _serve(stack, owner[1], path, method, api=True)
    for code, table in stack.tables.serving.items():
        try:
            if table.match(path, method) is None:
                continue
        except MethodNotAllowed:
            pass
        return _serve(stack, code, path, method, api=False)
    return None


def _serve(stack: Modstack, code: str, path: str, method: str, *, api: bool) -> Response | None:
    if (api and stack.conventions.owner_of(path) == ("admin", code)) or path.startswith("/admin/"):
        refused = admin.refusal(stack)
        if refused is not None:
            return refused
    refused = gate.check(stack, code)
    if refused is not None:
        return refused
    table = stack.tables.serving.get(code)
    try:
        found = table.match(path, method) if table is not None else None
    except MethodNotAllowed as error:
        return gate.refuse_error(error)
    if found is None or table is None:
        return gate.refuse(Refusal.not_found()) if api else None
    endpoint, arguments = found
    started = time.perf_counter()
    try:
        return current_app.make_response(table.views[endpoint](**arguments))
    finally:
        stack.observe(code, time.perf_counter() - started)
