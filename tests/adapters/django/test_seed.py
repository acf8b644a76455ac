"""The Django seed's module classes run as the seed writes them (only their imports name
modstack), found by scanning ``core.modules``; a module folder that is a Django app
serves its ``urls.py`` at ``/<code>/``, gated per tenant."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import settings_for
from tests.adapters.django.project import ASSETS, serving

SEED = ASSETS / "django-seed"


def _forget_core() -> None:
    """Drop any ``core`` package imported before (the Flask seed's is named alike)."""
    for name in [n for n in sys.modules if n == "core" or n.startswith("core.")]:
        del sys.modules[name]


@pytest.fixture
def seed_path() -> Iterator[None]:
    _forget_core()
    sys.path.insert(0, str(SEED))
    try:
        yield
    finally:
        sys.path.remove(str(SEED))
        _forget_core()


@pytest.mark.usefixtures("seed_path")
def test_the_seeds_modules_start_in_dependency_order_and_clean_up(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, modules=str(tmp_path / "none"))
    stack = Modstack(settings, packages=["core.modules"])
    kernel = stack.core.kernel
    with serving(stack):
        order = list(stack.core.registry.order)
        assert order.index("design_system") < order.index("security") < order.index("my_module")
        design = kernel.get_module("design_system").instance
        assert design.get_theme_info() == {"theme": "default"}
        assert kernel.get_module("security").instance.get_permissions()["guest"] == [
            "security.view_public"
        ]
        assert kernel.get_module("my_module").state.value == "active"
        assert kernel.get_module("payments").state.value == "failed"  # initialize -> False
        assert kernel.get_module("checkout").state.value == "blocked"
        health = apps.get_app_config("modstack").get_system_health()
        assert health["modules"]["security"]["state"] == "active"
    assert design.theme is None  # cleanup() ran at shutdown


def test_a_django_app_module_serves_its_urls_py_behind_the_gate(tmp_path: Path) -> None:
    tree = SEED / "catalog_tree"
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["catalog"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = Client()
        listed = client.get("/catalog/products/", headers={"X-Tenant": "acme"})
        assert listed.json() == {"products": ["tea"], "tenant": "acme"}
        refused = client.get("/catalog/products/", headers={"X-Tenant": "globex"})
        assert refused.status_code == 403
        assert reverse("catalog:products") == "/catalog/products/"
