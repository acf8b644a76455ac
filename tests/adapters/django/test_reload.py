"""A reload swaps a module's URLs while the project keeps serving, a reload that fails
keeps the old ones, and building the stack (``ready()``) starts nothing."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.test import Client
from django.urls import NoReverseMatch, reverse

from modstack.django.adapter import Modstack
from tests.adapters.django.conftest import settings_for
from tests.adapters.django.project import CONTRACT_TREE, serving

PING = "/api/v1/vendor/notes/ping"
ACME = {"X-Tenant": "acme"}
VERSION_TWO = """from django.http import JsonResponse
from django.urls import path


def ping(request):
    return JsonResponse({"module": "notes", "tenant": request.tenant, "version": 2})


def pong(request):
    return JsonResponse({"pong": True})


urlpatterns = [path("ping", ping, name="ping"), path("pong", pong, name="pong")]
"""


def test_a_reload_swaps_the_urls_while_serving_and_a_failed_one_keeps_the_old(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        client = Client()
        assert client.get("/api/v1/vendor/notes/pong", headers=ACME).status_code == 404
        with pytest.raises(NoReverseMatch):
            reverse("notes-vendor-api:pong")
        statuses: list[int] = []
        stop = threading.Event()

        def keep_asking() -> None:
            asking = Client()
            while not stop.is_set():
                statuses.append(asking.get(PING, headers=ACME).status_code)

        asker = threading.Thread(target=keep_asking)
        asker.start()
        try:
            (tree / "notes/routes/api/vendor.py").write_text(VERSION_TWO)
            assert stack.core.call(stack.core.reload("notes")).ok
            assert client.get(PING, headers=ACME).json()["version"] == 2
            assert client.get("/api/v1/vendor/notes/pong", headers=ACME).json() == {"pong": True}
            assert reverse("notes-vendor-api:pong") == "/api/v1/vendor/notes/pong"
            (tree / "notes/routes/api/vendor.py").write_text("raise RuntimeError('broken')\n")
            failed = stack.core.call(stack.core.reload("notes"))
            assert not failed.ok
            assert client.get(PING, headers=ACME).json()["version"] == 2  # the old code serves
        finally:
            stop.set()
            asker.join()
        assert statuses
        assert set(statuses) == {200}  # no request fell between the tables


def test_a_module_disabled_for_every_tenant_is_out_of_reach_after_its_reload(
    tmp_path: Path,
) -> None:
    tree = tmp_path / "modules"
    shutil.copytree(CONTRACT_TREE, tree, ignore=shutil.ignore_patterns("__pycache__"))
    with serving(Modstack(settings_for(tmp_path, modules=str(tree)))) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["notes"])
        stack.core.tenancy.disable("acme", "notes", actor="test")
        assert stack.core.call(stack.core.reload("notes")).ok
        assert Client().get(PING, headers=ACME).status_code == 403


def test_building_the_stack_in_ready_starts_nothing() -> None:
    built = apps.get_app_config("modstack").modstack
    assert not built.started
    assert built.core._thread is None  # no loop, no outbox, no reload listener
