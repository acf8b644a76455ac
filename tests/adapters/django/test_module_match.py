"""A module URL's ``request.resolver_match`` (and ``django.urls.resolve``) names the
module's own view, its URL name, namespace, route and arguments, while its ``func`` is
the gated view: calling it asks the gate first."""

from __future__ import annotations

from pathlib import Path

from django.test import Client, RequestFactory
from django.urls import resolve

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving
from tests.adapters.trees import tree_with_module

ITEM = """from django.http import JsonResponse
from django.urls import path


def item(request, number):
    match = request.resolver_match
    return JsonResponse({
        "view_name": match.view_name, "url_name": match.url_name,
        "namespace": match.namespace, "route": match.route, "kwargs": match.kwargs,
        "func": match.func.__name__, "number": number,
    })


urlpatterns = [path("items/<int:number>", item, name="item")]
"""

PAGE = """from django.http import JsonResponse
from django.urls import path


def shelf(request, number):
    match = request.resolver_match
    return JsonResponse({"view_name": match.view_name, "route": match.route})


urlpatterns = [path("shelf/<int:number>", shelf, name="shelf")]
"""


def test_a_module_url_matches_with_its_whole_route_and_the_gated_view(tmp_path: Path) -> None:
    files = {"routes/api/vendor.py": ITEM, "routes/pages/vendor.py": PAGE}
    tree = tree_with_module(tmp_path, CONTRACT_TREE, "shelf", files)
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["shelf"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        answer = Client().get("/api/v1/vendor/shelf/items/3", headers={"X-Tenant": "acme"})
        assert answer.status_code == 200
        assert answer.json() == {
            "view_name": "shelf-vendor-api:item",
            "url_name": "item",
            "namespace": "shelf-vendor-api",
            "route": "api/v1/vendor/shelf/items/<int:number>",
            "kwargs": {"number": 3},
            "func": "item",
            "number": 3,
        }
        page = Client().get("/vendor/shelf/4", headers={"X-Tenant": "acme"})
        assert page.json() == {
            "view_name": "shelf-vendor:shelf",
            "route": "vendor/shelf/<int:number>",
        }
        found = resolve("/api/v1/vendor/shelf/items/3")
        assert (found.view_name, found.kwargs) == ("shelf-vendor-api:item", {"number": 3})
        factory = RequestFactory()
        refusals = [({}, 400), ({"X-Tenant": "globex"}, 403), ({"X-Tenant": "nobody"}, 404)]
        for headers, status in refusals:
            refused = found.func(factory.get("/api/v1/vendor/shelf/items/3", headers=headers), 3)
            assert refused.status_code == status, headers
        request = factory.get("/api/v1/vendor/shelf/items/3", headers={"X-Tenant": "acme"})
        request.resolver_match = found
        assert found.func(request, number=3).status_code == 200
