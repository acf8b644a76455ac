"""A module's route is matched once: its rules are in the app's URL map, so Flask's own
routing finds the view (and a view sees its own endpoint and blueprint). A reload swaps
the map in one assignment: threads asking all the while never get a 404 or a 500, and
never an older version after a newer one, and every request is counted in the module's
metrics; a stopped module answers the gate's 503, even
to a request that matched before it stopped."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import MapAdapter

from modstack.flask import create_app
from tests.adapters.flask.conftest import ADMIN_TOKEN, running, settings_for

ITEM = "/api/v1/vendor/shop/items/7"
PAGE = "/vendor/shop"
ACME = {"X-Tenant": "acme"}
API = """from flask import Blueprint, request, url_for

router = Blueprint("shop_vendor_api", __name__)
VERSION = {version}


@router.get("/items/<int:item>")
def item(item: int) -> dict[str, object]:
    return {{
        "item": item,
        "endpoint": request.endpoint,
        "next": url_for(".item", item=item + 1),
        "version": VERSION,
    }}


@router.post("/items")
def add() -> dict[str, object]:
    return {{"added": True, "version": VERSION}}


@router.get("/nothing")
def nothing() -> None:
    return None
"""
PAGES = """from flask import Blueprint

router = Blueprint("shop_vendor_pages", __name__)


@router.get("/shop")
def page() -> str:
    return "shop, version {version}"
"""


def _shop(tmp_path: Path, version: int = 1) -> Path:
    """A modules folder with module ``shop``: a vendor API and a vendor page."""
    tree = tmp_path / "modules"
    shop = tree / "shop"
    for package in ("", "routes", "routes/api", "routes/pages"):
        (shop / package).mkdir(parents=True, exist_ok=True)
        (shop / package / "__init__.py").write_text("")
    (shop / "definition.py").write_text(
        'from modstack import ModuleDefinition\n\nshop = ModuleDefinition("shop")\n'
    )
    _write_version(tree, version)
    return tree


def _write_version(tree: Path, version: int) -> None:
    (tree / "shop/routes/api/vendor.py").write_text(API.format(version=version))
    (tree / "shop/routes/pages/vendor.py").write_text(PAGES.format(version=version))


def test_a_module_request_is_matched_once_and_its_view_sees_its_own_endpoint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(settings=settings_for(tmp_path, modules=str(_shop(tmp_path))))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["shop"])
        client = app.test_client()
        matches: list[str] = []
        real_match: Callable[..., Any] = MapAdapter.match

        def counted(adapter: MapAdapter, *args: Any, **kwargs: Any) -> Any:
            matches.append(adapter.path_info)
            return real_match(adapter, *args, **kwargs)

        monkeypatch.setattr(MapAdapter, "match", counted)
        answer = client.get(ITEM, headers=ACME)
        assert answer.status_code == 200
        assert matches == ["/api/v1/vendor/shop/items/7"]  # Flask's routing, once
        assert answer.json["endpoint"] == "shop_vendor_api.item"
        assert answer.json["next"] == "/api/v1/vendor/shop/items/8"  # url_for(".item")


def test_the_gate_answers_before_the_method_and_the_module_owns_its_prefix(
    tmp_path: Path,
) -> None:
    app = create_app(settings=settings_for(tmp_path, modules=str(_shop(tmp_path))))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["shop"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = app.test_client()
        assert client.post(ITEM, headers=ACME).status_code == 405
        options = client.options(ITEM, headers=ACME)
        assert options.status_code == 200
        assert set(options.allow) == {"GET", "HEAD", "OPTIONS"}
        missing = client.get("/api/v1/vendor/shop/nothing/here", headers=ACME)
        assert (missing.status_code, missing.json["code"]) == (404, "not_found")
        globex = {"X-Tenant": "globex"}
        for method in ("get", "post", "options"):
            refused = getattr(client, method)(ITEM, headers=globex)
            assert (refused.status_code, refused.json["code"]) == (403, "module_disabled")
        refused = client.get("/api/v1/vendor/shop/nothing/here", headers=globex)
        assert refused.status_code == 403


def test_a_reload_while_threads_keep_asking_never_answers_404_or_500(tmp_path: Path) -> None:
    tree = _shop(tmp_path)
    app = create_app(settings=settings_for(tmp_path, modules=str(tree)))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["shop"])
        stop = threading.Event()
        seen: dict[int, list[tuple[int, int]]] = {}

        def keep_asking(number: int) -> None:
            client = app.test_client()
            answers = seen.setdefault(number, [])
            while not stop.is_set():
                api = client.get(ITEM, headers=ACME)
                version = api.json["version"] if api.status_code == 200 else 0
                answers.append((api.status_code, version))
                page = client.get(PAGE, headers=ACME)
                answers.append((page.status_code, int(page.text.rsplit(" ", 1)[-1] or 0)))

        askers = [threading.Thread(target=keep_asking, args=(n,)) for n in range(3)]
        for asker in askers:
            asker.start()
        try:
            _write_version(tree, 2)
            assert stack.core.call(stack.core.reload("shop")).ok
            (tree / "shop/routes/api/vendor.py").write_text("raise RuntimeError('broken')\n")
            assert not stack.core.call(stack.core.reload("shop")).ok
            _write_version(tree, 3)
            assert stack.core.call(stack.core.reload("shop")).ok
            latest = app.test_client().get(ITEM, headers=ACME).json["version"]
        finally:
            stop.set()
            for asker in askers:
                asker.join()
        assert latest == 3
        for answers in seen.values():
            assert answers
            assert {status for status, _ in answers} == {200}
            versions = [version for _, version in answers[::2]]
            assert versions == sorted(versions)  # never back to an older table
        served = sum(len(answers) for answers in seen.values()) + 1
        admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        metrics = app.test_client().get("/metrics", headers=admin).get_data(as_text=True)
        assert f'modstack_module_request_seconds_count{{module="shop"}} {served}.0' in metrics


def test_a_stopped_module_answers_503_even_to_a_request_matched_before_it_stopped(
    tmp_path: Path,
) -> None:
    app = create_app(settings=settings_for(tmp_path, modules=str(_shop(tmp_path))))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["shop"])
        client = app.test_client()
        assert client.get(ITEM, headers=ACME).status_code == 200
        matched_before = app.url_map
        stack.core.call(stack.core.kernel.stop(["shop"]))
        for url_map in (app.url_map, matched_before):
            app.url_map = url_map
            refused = client.get(ITEM, headers=ACME)
            assert (refused.status_code, refused.json["code"]) == (503, "module_unavailable")
            refused = client.post("/api/v1/vendor/shop/items", headers=ACME)
            assert refused.status_code == 503
        assert client.get(PAGE, headers=ACME).status_code == 503  # matched before: gated


def test_any_path_under_a_modules_prefix_is_refused_to_a_tenant_without_it(
    tmp_path: Path,
) -> None:
    app = create_app(settings=settings_for(tmp_path, modules=str(_shop(tmp_path))))
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["shop"])
        stack.core.tenancy.create_tenant("globex", modules=[])
        client = app.test_client()
        segment = st.text(
            st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/?#%"),
            min_size=1,
            max_size=12,
        )

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(segments=st.lists(segment, max_size=4), method=st.sampled_from(["GET", "POST"]))
        def check(segments: list[str], method: str) -> None:
            path = "/".join(["/api/v1/vendor/shop", *segments])
            refused = client.open(path, method=method, headers={"X-Tenant": "globex"})
            assert refused.status_code == 403, (path, refused.status_code)
            served = client.open(path, method=method, headers=ACME)
            assert served.status_code in (200, 308, 404, 405), (path, served.status_code)

        check()


def test_a_module_view_that_returns_nothing_is_named_in_the_error(tmp_path: Path) -> None:
    app = create_app(settings=settings_for(tmp_path, modules=str(_shop(tmp_path))))
    app.testing = True  # the error reaches the test instead of a 500 page
    with running(app) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["shop"])
        with pytest.raises(TypeError, match="module 'shop': the view nothing returned None"):
            app.test_client().get("/api/v1/vendor/shop/nothing", headers=ACME)
