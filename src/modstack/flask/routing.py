"""One URL map for the app's own routes and the routes of the modules in service, so
that Flask matches a request once and the rule it finds carries the module's view.

Flask cannot take a rule out of its ``url_map``, and a map is not safe to change while
requests match against it, so a change builds a whole new map (copies of the app's own
rules, then each table's rules as :class:`ModuleRule`) and puts it in ``app.url_map``
in one assignment. A request matches against the map it started with; the one after
the assignment gets the new map."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from werkzeug.routing import Map, Rule

if TYPE_CHECKING:
    from modstack.flask.tables import Table


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
    provide_automatic_options: bool


def module_map(app_map: Map, serving: Mapping[str, Table], api_prefix: str) -> Map:
    """A new map with the app's own rules of ``app_map`` and the rules of the tables in
    ``serving``; compiled, ready to match."""
    fresh = Map(
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
            routed.provide_automatic_options = getattr(rule, "provide_automatic_options", False)
            fresh.add(routed)
    fresh.update()
    return fresh


def _copy(rule: Rule) -> Rule:
    """An unbound copy of ``rule``, with the attributes Flask (or an extension) set on
    it (``provide_automatic_options``)."""
    copied = rule.empty()
    own = vars(copied)
    for name, value in vars(rule).items():
        if name not in own and not name.startswith("_"):
            setattr(copied, name, value)
    return copied
