"""A module API path resolves in one step (the module's ``path()`` found from the rest of
the path after the module's prefix) to the match Django's own resolvers make for the
same patterns (names, namespaces, whole route, arguments; ``path()`` order kept: a
fixed path after a converter that matches it is never reached), with the gated view in
place of the module's; ``reverse()`` still builds every module URL; a stopped module
answers the gate's 503, and the gate admits only an enabled tenant of an active run."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from django.test import Client, RequestFactory
from django.urls import URLResolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, ResolverMatch, RoutePattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving
from tests.adapters.trees import tree_with_module

ROUTES = """from django.http import JsonResponse
from django.urls import include, path, re_path


def show(request, *args, **kwargs):
    match = request.resolver_match
    return JsonResponse({"view": match.view_name, "route": match.route,
                         "args": list(args), "kwargs": kwargs})


def later(request):
    return JsonResponse({"view": "later"})


deep = ([path("leaf/<int:number>", show, name="leaf")], "deep")

urlpatterns = [
    path("hello", show, name="hello"),
    path("items", show, {"page": 1}, name="items"),
    path("hello", later, name="hello-again"),
    path("items/<int:number>", show, name="item"),
    path("<str:word>", show, name="word"),
    path("later", later, name="later"),
    re_path(r"^legacy/(\\d+)/(\\w+)$", show, name="legacy"),
    re_path(r"^named/(?P<key>[a-z]+)$", show, name="named"),
    path("deep/", include(deep)),
]
"""
"""Fixed paths first (one of them twice: the first wins), then converters, a fixed path
that ``<str:word>`` shadows, regex routes with and without names, an ``include()``."""

PREFIX = "/api/v1/vendor/shelf/"
ROUTE = PREFIX[1:]
NAMESPACE = "shelf-vendor-api"
SEGMENTS = ["hello", "items", "later", "legacy", "named", "deep", "leaf", "3", "42", "abc", ""]


def _shelf(tmp_path: Path) -> Modstack:
    tree = tree_with_module(tmp_path, CONTRACT_TREE, "shelf", {"routes/api/vendor.py": ROUTES})
    return Modstack(settings_for(tmp_path, modules=str(tree)))


def _django_resolver(stack: Modstack) -> URLResolver:
    """The module's patterns as Django resolves them without modstack in between: the
    root, ``include("")``, the module's prefix with its namespace."""
    package = stack.core.registry.get("shelf").package
    patterns = importlib.import_module(f"{package}.routes.api.vendor").urlpatterns
    module = URLResolver(RoutePattern(PREFIX[1:]), patterns, app_name=NAMESPACE,
                         namespace=NAMESPACE)  # fmt: skip
    return URLResolver(RegexPattern(r"^/"), [URLResolver(RoutePattern(""), [module])])


def _described(match: ResolverMatch) -> dict[str, Any]:
    """What a match tells a view and monitoring tools (its view: the module's own)."""
    view = getattr(match.func, "__wrapped__", match.func)
    return {
        "view": view, "repr": repr(match), "view_name": match.view_name,
        "url_name": match.url_name, "namespace": match.namespace, "namespaces": match.namespaces,
        "app_name": match.app_name, "app_names": match.app_names, "route": match.route,
        "args": match.args, "kwargs": match.kwargs,
        "captured_kwargs": match.captured_kwargs, "extra_kwargs": match.extra_kwargs,
    }  # fmt: skip


def test_a_module_api_path_matches_as_djangos_own_resolvers_match_it(tmp_path: Path) -> None:
    with serving(_shelf(tmp_path)) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["shelf"])
        expected = _django_resolver(stack)
        cases = {
            "hello": ("show", ROUTE + "hello", [], {}),
            "items": ("show", ROUTE + "items", [], {"page": 1}),
            "items/7": ("show", ROUTE + "items/<int:number>", [], {"number": 7}),
            "later": ("show", ROUTE + "<str:word>", [], {"word": "later"}),
            "legacy/12/ab": ("show", ROUTE + "legacy/(\\d+)/(\\w+)$", ["12", "ab"], {}),
            "named/key": ("show", ROUTE + "named/(?P<key>[a-z]+)$", [], {"key": "key"}),
            "deep/leaf/5": ("show", ROUTE + "deep/leaf/<int:number>", [], {"number": 5}),
        }  # fmt: skip
        for rest, (view, route, args, kwargs) in cases.items():
            found = resolve(PREFIX + rest)
            assert _described(found) == _described(expected.resolve(PREFIX + rest)), rest
            answer = Client().get(PREFIX + rest, headers={"X-Tenant": "acme"})
            assert answer.status_code == 200, (rest, answer.content)
            body = answer.json()
            assert (body["route"], body["args"], body["kwargs"]) == (route, args, kwargs)
            assert found.func.__name__ == view
        assert resolve(PREFIX + "deep/leaf/5").view_name == f"{NAMESPACE}:deep:leaf"


def test_reverse_builds_every_module_api_url(tmp_path: Path) -> None:
    with serving(_shelf(tmp_path)):
        assert reverse(f"{NAMESPACE}:hello") == PREFIX + "hello"
        assert reverse(f"{NAMESPACE}:item", kwargs={"number": 3}) == PREFIX + "items/3"
        assert reverse(f"{NAMESPACE}:legacy", args=[4, "x"]) == PREFIX + "legacy/4/x"
        assert reverse(f"{NAMESPACE}:deep:leaf", kwargs={"number": 5}) == PREFIX + "deep/leaf/5"


def test_any_path_under_a_module_api_matches_as_django_matches_it_and_is_gated(
    tmp_path: Path,
) -> None:
    with serving(_shelf(tmp_path)) as stack:
        stack.core.tenancy.create_tenant("globex", modules=[])
        expected = _django_resolver(stack)
        factory = RequestFactory()
        segment = st.one_of(st.sampled_from(SEGMENTS), st.text("ab1/.-", max_size=6))

        @settings(max_examples=250, deadline=None, suppress_health_check=list(HealthCheck))
        @given(rest=st.lists(segment, max_size=4).map("/".join))
        def check(rest: str) -> None:
            found = resolve(PREFIX + rest)  # under the module's prefix: always modstack's
            try:
                wanted: dict[str, Any] | None = _described(expected.resolve(PREFIX + rest))
            except Resolver404:
                wanted = None
            if wanted is None:  # the gate answers first, then 404
                assert (found.url_name, found.route) == (None, ROUTE + rest)
            else:
                assert _described(found) == wanted
            refused = found.func(factory.get(PREFIX + rest, headers={"X-Tenant": "globex"}),
                                 *found.args, **found.kwargs)  # fmt: skip
            code = json.loads(refused.content)["code"]
            assert (refused.status_code, code) == (403, "module_disabled")

        check()


def test_the_gate_admits_only_an_enabled_tenant_of_a_running_module(tmp_path: Path) -> None:
    with serving(_shelf(tmp_path)) as stack:
        tenancy = stack.core.tenancy
        tenancy.create_tenant("acme", modules=["shelf"])
        client = Client()
        assert client.get(PREFIX + "hello", headers={"X-Tenant": "acme"}).status_code == 200
        tenancy.disable("acme", "shelf", actor="test")
        refused = client.get(PREFIX + "hello", headers={"X-Tenant": "acme"})
        assert (refused.status_code, refused.json()["code"]) == (403, "module_disabled")
        tenancy.enable("acme", "shelf", actor="test")
        found = resolve(PREFIX + "hello")  # a match taken before the module stops
        stack.core.call(stack.core.kernel.stop(["shelf"]))
        for answer in (
            client.get(PREFIX + "hello", headers={"X-Tenant": "acme"}),
            client.get(PREFIX + "nothing/here", headers={"X-Tenant": "acme"}),
            found.func(RequestFactory().get(PREFIX + "hello", headers={"X-Tenant": "acme"})),
        ):
            code = json.loads(answer.content)["code"]
            assert (answer.status_code, code) == (503, "module_unavailable")
