"""The routes of one run of a module (:class:`Table`), and one URL map for the app's own
routes and those of the tables in service, so that Flask matches a request once and the
rule it finds carries the module's view.

Flask cannot take a rule out of its ``url_map``, and a map is not safe to change while
requests match against it, so a change builds a whole new map (copies of the app's own
rules, then each table's rules as :class:`ModuleRule`) and puts it in ``app.url_map``
in one assignment. A request matches against the map it started with; the one after
the assignment gets the new map."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.routing import BuildError, Map, MapAdapter, Rule

from modstack.web.conventions import is_admin_path


class Table:
    """One run of a module's routes: a private Flask app holding their URL map and
    views (never served itself)."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.holder = Flask(f"modstack.modules.{code}", static_folder=None)
        self.recorded = 0
        """Routes the module registered on ``app_manager.flask_app``."""
        self.admin_endpoints: set[str] = set()
        """Endpoints of the module's admin API and admin pages (they need the admin
        credential, whatever URL they answer)."""
        self._outside: tuple[int, bool] | None = None
        self._adapter: MapAdapter | None = None

    def match(self, path: str, method: str) -> tuple[str, Mapping[str, Any]] | None:
        """``(endpoint, arguments)`` for ``path``; None when no rule matches. Raises
        MethodNotAllowed for a known path with another method."""
        if self._adapter is None:
            self._adapter = self.holder.url_map.bind("localhost")
        try:
            return self._adapter.match(path, method=method)
        except NotFound:
            return None

    def serves_outside(self, api_prefix: str) -> bool:
        """True when a rule lies outside the module API prefix (pages, the seed's
        ``@app.route`` routes): only such tables are searched for other paths."""
        rules = self.holder.url_map._rules
        if self._outside is None or self._outside[0] != len(rules):
            outside = any(not r.rule.startswith(api_prefix + "/") for r in rules)
            self._outside = (len(rules), outside)
        return self._outside[1]

    def allowed_methods(self, path: str) -> list[str]:
        """The methods the table's routes allow on ``path``."""
        return list(self.holder.url_map.bind("localhost").allowed_methods(path))

    def view(self, endpoint: str) -> Callable[..., Any]:
        """The view of ``endpoint``."""
        return self.holder.view_functions[endpoint]

    def build(self, endpoint: str, values: dict[str, Any]) -> str | None:
        """The URL of ``endpoint`` with ``values``, or None when it is not here."""
        if endpoint not in self.holder.view_functions:
            return None
        adapter = self.holder.url_map.bind("localhost")
        try:
            return adapter.build(endpoint, values)
        except BuildError:
            return None


class ModuleRule(Rule):
    """A module's route in the app's URL map, with the module's code, the table it
    comes from and its view (so serving it takes no second lookup)."""

    code: str
    table: Table
    view: Callable[..., Any]
    api: bool
    """True for a rule under the module API prefix."""
    admin_api: bool
    """True for a rule under the module admin API (``<prefix>/admin/``)."""
    admin_page: bool
    """True for an admin page (from ``routes/pages/admin.py``, or a route the module
    recorded under ``/admin``)."""
    provide_automatic_options: bool


def module_map(app_map: Map, serving: Mapping[str, Table], api_prefix: str) -> Map:
    """A new map with the app's own rules of ``app_map`` and the rules of the tables in
    ``serving``; compiled, ready to match."""
    fresh = type(app_map)(
        default_subdomain=app_map.default_subdomain,
        strict_slashes=app_map.strict_slashes,
        merge_slashes=app_map.merge_slashes,
        redirect_defaults=app_map.redirect_defaults,
        converters=app_map.converters,
        sort_parameters=app_map.sort_parameters,
        sort_key=app_map.sort_key,
        host_matching=app_map.host_matching,
    )
    for rule in app_map.iter_rules():
        if not isinstance(rule, ModuleRule):
            fresh.add(_copy(rule))
    admin_prefix = f"{api_prefix}/admin/"
    for code, table in serving.items():
        views = table.holder.view_functions
        for rule in table.holder.url_map.iter_rules():
            routed = ModuleRule(rule.rule, **rule.get_empty_kwargs())
            routed.code = code
            routed.table = table
            routed.view = views[rule.endpoint]
            routed.api = rule.rule.startswith(f"{api_prefix}/")
            routed.admin_api = rule.rule.startswith(admin_prefix)
            admin_endpoint = rule.endpoint in table.admin_endpoints
            routed.admin_page = not routed.api and (admin_endpoint or is_admin_path(rule.rule))
            routed.provide_automatic_options = getattr(rule, "provide_automatic_options", False)
            fresh.add(routed)
    fresh.update()
    return fresh


ANY_METHOD = frozenset({"HEAD", "OPTIONS"})
"""Methods every rule answers: they make no clash."""


def clashes(serving: Mapping[str, Table]) -> list[str]:
    """One sentence for each route two modules of ``serving`` both declare (the same
    rule and method): only one of them can answer it."""
    claimed: dict[tuple[str, str], str] = {}
    found = []
    for code, table in serving.items():
        for rule in table.holder.url_map.iter_rules():
            for method in sorted((rule.methods or set()) - ANY_METHOD):
                other = claimed.setdefault((rule.rule, method), code)
                if other != code:
                    found.append(
                        f"modules {other!r} and {code!r} both serve {method} {rule.rule}: "
                        f"only one of them answers it; change the rule in one of them"
                    )
    return found


def _copy(rule: Rule) -> Rule:
    """An unbound copy of ``rule``, with the attributes Flask (or an extension) set on
    it (``provide_automatic_options``)."""
    copied = rule.empty()
    own = vars(copied)
    for name, value in vars(rule).items():
        if name not in own and not name.startswith("_"):
            setattr(copied, name, value)
    return copied
