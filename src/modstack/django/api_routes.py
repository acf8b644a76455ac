"""A module's API URLs for one frontend, resolved in one step. Django would resolve a
module path through the module's URL resolver and then the ``path()`` (a
``ResolverMatch`` at each level); :class:`ModuleAPI` finds the ``path()`` itself from the
rest of the path after the module's prefix, and answers with the match the two levels
would have made, the module's view replaced by its gated view. ``reverse()`` still reads
the module's resolver (:attr:`ModuleAPI.resolver`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import URLPattern, URLResolver
from django.urls.exceptions import Resolver404
from django.urls.resolvers import ResolverMatch, RoutePattern

Gate = Callable[[Callable[..., Any]], Callable[..., Any]]
"""The gated view of a module's view."""


class APIRoute:
    """One ``path()`` (or ``re_path()``) of a module's API file, with its gated view and
    the match Django makes for it (built once by ``ResolverMatch`` itself: namespaces,
    view name, the whole route), of which a request gets a copy with its own arguments."""

    def __init__(self, pattern: URLPattern, route: str, view: Callable[..., Any], namespace: str):
        self.pattern = pattern.pattern
        self.namespace = namespace
        self.extra = pattern.default_args
        """The ``path()``'s own keyword arguments (``path("x", view, {"a": 1})``)."""
        made = ResolverMatch(view, (), {}, pattern.pattern.name, [namespace], [namespace],
                             route, captured_kwargs={}, extra_kwargs=self.extra)  # fmt: skip
        self.made = dict(vars(made))

    def matched(self, args: tuple[Any, ...], captured: dict[str, Any]) -> ResolverMatch:
        """This request's match, with the arguments the path gave."""
        match = ResolverMatch.__new__(ResolverMatch)
        vars(match).update(self.made)
        match.args = args
        match.kwargs = {**captured, **self.extra}
        match.captured_kwargs = captured
        match.app_names = [self.namespace]
        match.namespaces = [self.namespace]
        return match


class ModuleAPI:
    """A module's API for one frontend (one run of the module): its URL resolver, which
    ``reverse()`` reads (prefix ``<api prefix>/<frontend>/<code>/``, namespace
    ``<code>-<frontend>-api``), and its patterns, which :meth:`match` tries in their
    order. A fixed path (``path("hello", ...)``, no converter) before any other pattern is
    found by a dict lookup."""

    def __init__(self, prefix: str, patterns: list[Any], namespace: str, gate: Gate) -> None:
        self.prefix = prefix
        self.namespace = namespace
        self.gate = gate
        self.resolver = URLResolver(
            RoutePattern(prefix), patterns, app_name=namespace, namespace=namespace
        )
        self.fixed: dict[str, APIRoute] = {}
        """The leading fixed paths (relative to :attr:`prefix`), the first of a kind."""
        self.routes: list[tuple[Any, APIRoute | str]] = []
        """The patterns after them: a ``path()`` with its route, an ``include()`` with
        its prefix's whole route."""
        for pattern in patterns:
            route = URLResolver._join_route(prefix, str(pattern.pattern))
            if not isinstance(pattern, URLPattern):
                self.routes.append((pattern, route))
                continue
            api_route = APIRoute(pattern, route, gate(pattern.callback), namespace)
            if not self.routes and _is_fixed(pattern):
                self.fixed.setdefault(str(pattern.pattern), api_route)
            else:
                self.routes.append((pattern, api_route))

    def match(self, path: str) -> ResolverMatch | None:
        """The match of ``path`` (relative to the include point) as the module's resolver
        makes it, with the gated view in place of the module's; None when no pattern
        matches."""
        if not path.startswith(self.prefix):
            return None
        rest = path[len(self.prefix) :]
        fixed = self.fixed.get(rest)
        if fixed is not None:
            return fixed.matched((), {})
        for pattern, found in self.routes:
            if isinstance(found, APIRoute):
                matched = found.pattern.match(rest)
                if matched:
                    return found.matched(matched[1], matched[2])
                continue
            try:  # an include() among the module's patterns: Django resolves its levels
                inner = pattern.resolve(rest)
            except Resolver404:
                continue
            if inner:
                return ResolverMatch(self.gate(inner.func), inner.args, dict(inner.kwargs),
                                     inner.url_name, [self.namespace, *inner.app_names],
                                     [self.namespace, *inner.namespaces],
                                     URLResolver._join_route(found, inner.route),
                                     captured_kwargs=inner.captured_kwargs,
                                     extra_kwargs=inner.extra_kwargs)  # fmt: skip
        return None


def _is_fixed(pattern: URLPattern) -> bool:
    """A ``path()`` without converters: it matches its route and nothing else."""
    route = pattern.pattern
    if not isinstance(route, RoutePattern) or route.converters:
        return False
    return route.match(str(route)) == ("", (), {}) and route.match(f"{route}/") is None
