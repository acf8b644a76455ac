"""Refusals a framework would word itself are modstack's, the same on every adapter
(decided in :mod:`modstack.web.http_refusals`): a method a path does not answer is 405
``{"code": "method_not_allowed", "detail": "use <Allow>"}`` with ``Allow``, on module
routes and modstack's own endpoints, unless the app has its own 405 handler; a body over
the limit is 413 ``body_too_large``, the error page for a browser; a sign-in form over
its cap is 413 under a real server, chunked or not."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from modstack.settings import ModstackSettings
from modstack.web.signin import MAX_FORM_BYTES
from tests.adapters.contract.adapters import ADAPTERS, Adapter
from tests.adapters.contract.conftest import ADMIN_TOKEN
from tests.adapters.contract.served import ECHO, ONLY_GET, serving, tree_with_routes

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
ACME = {"X-Tenant": "acme"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
MODULES = "/api/v1/admin/modstack/modules"
SETTING = "/api/v1/admin/modstack/settings/notes/greeting"


def not_allowed(allow: str) -> dict[str, str]:
    return {"code": "method_not_allowed", "detail": f"use {allow}"}


def test_a_method_a_module_route_does_not_answer_is_the_same_405_everywhere(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path
) -> None:
    tree = tree_with_routes(adapter, tmp_path)
    with adapter.running(settings.model_copy(update={"modules": str(tree)})) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        assert app.get(ONLY_GET, **ACME).json == {"got": True}
        for method, path in (("POST", ONLY_GET), ("DELETE", ONLY_GET), ("GET", ECHO)):
            answer = app.send(method, path, ACME, b"")
            allow = answer.headers.get("allow", "")
            assert (answer.status, answer.json) == (405, not_allowed(allow)), answer.text[:300]
            # what the framework answers there: Flask adds HEAD and OPTIONS itself
            wanted = "GET" if path == ONLY_GET else "POST"
            assert wanted in allow
            assert set(allow.split(", ")) <= {wanted, "HEAD", "OPTIONS"}


def test_a_method_an_own_endpoint_does_not_answer_is_the_same_405_everywhere(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings) as app:
        for headers in ({}, ADMIN):
            answer = app.send("POST", MODULES, headers, b"")
            assert (answer.status, answer.json) == (405, not_allowed("GET, HEAD"))
            assert answer.headers["allow"] == "GET, HEAD"
        health = app.send("DELETE", "/health", {}, b"")
        assert (health.status, health.json) == (405, not_allowed("GET, HEAD")), health.text
        page = app.send("DELETE", "/health", BROWSER, b"")  # not an API path: the page
        assert page.status == 405
        assert "text/html" in page.headers["content-type"], page.text[:300]
        assert "does not answer that kind of request" in page.text


def test_a_body_over_the_limit_is_the_same_413_everywhere(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path
) -> None:
    tree = tree_with_routes(adapter, tmp_path)
    small = settings.model_copy(update={"modules": str(tree), "max_body_size": 1024})
    too_large = {
        "code": "body_too_large",
        "limit": 1024,
        "detail": "the request body is over the limit of 1024 bytes",
    }
    with adapter.running(small) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        assert app.send("POST", ECHO, ACME, b"x" * 1024).json == {"received": 1024}
        module = app.send("POST", ECHO, ACME, b"x" * 1025)
        assert (module.status, module.json) == (413, too_large), module.text[:300]
        json = {**ADMIN, "Content-Type": "application/json"}
        put = app.send("PUT", SETTING, json, b'{"value": "%s"}' % (b"x" * 2048))
        assert (put.status, put.json) == (413, too_large), put.text[:300]
        form = {**BROWSER, "Content-Type": "application/x-www-form-urlencoded"}
        page = app.send("POST", "/admin/signin", form, b"x" * 2048)  # a browser: the page
        assert page.status == 413
        assert "text/html" in page.headers["content-type"], page.text[:300]
        assert "too large for this address" in page.text


OWN_HANDLERS = [adapter for adapter in ADAPTERS if adapter.name in ("fastapi", "flask")]
"""The frameworks that let an app register its own 405 handler (Django has none)."""


def _fastapi_app(settings: ModstackSettings, *, before: bool) -> Any:
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse

    from modstack.fastapi import create_app

    async def own(request: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"own": "handler"}, status_code=405)

    if before:  # given to FastAPI(...), before modstack adds its own
        return create_app(settings=settings, exception_handlers={405: own})
    app: FastAPI = create_app(settings=settings)
    app.add_exception_handler(405, own)
    return app


def _flask_app(settings: ModstackSettings, *, before: bool) -> Any:
    from flask import Flask

    from modstack.flask import Modstack

    app = Flask("own_handler")
    if before:
        app.register_error_handler(405, lambda error: ({"own": "handler"}, 405))
    Modstack(app, settings=settings)
    if not before:
        app.register_error_handler(405, lambda error: ({"own": "handler"}, 405))
    return app


@pytest.mark.parametrize("before", [False, True], ids=["added_after", "added_before"])
@pytest.mark.parametrize("adapter", OWN_HANDLERS, ids=[a.name for a in OWN_HANDLERS])
def test_the_apps_own_405_handler_still_answers(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path, before: bool
) -> None:
    tree = tree_with_routes(adapter, tmp_path)
    ours = settings.model_copy(update={"modules": str(tree)})
    with adapter.running(ours) as running:
        running.stack.tenancy.create_tenant("acme", modules=["notes"])
    if adapter.name == "fastapi":
        from fastapi.testclient import TestClient

        with TestClient(_fastapi_app(ours, before=before)) as client:
            answers = [client.post(path, headers=ACME) for path in (ONLY_GET, MODULES)]
            found = [(answer.status_code, answer.json()) for answer in answers]
    else:
        app = _flask_app(ours, before=before)
        stack = app.extensions["modstack"]
        stack.start()
        try:
            client = app.test_client()
            answers = [client.post(path, headers=ACME) for path in (ONLY_GET, MODULES)]
            found = [(answer.status_code, answer.get_json()) for answer in answers]
        finally:
            stack.stop()
    assert found == [(405, {"own": "handler"})] * 2


# -- the sign-in form's own cap, under each adapter's real server ------------------------


def test_a_sign_in_form_over_its_cap_is_refused_413_chunked_or_not(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path
) -> None:
    form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"}
    big = b"token=" + b"x" * 200 * 1024
    with serving(adapter, settings, tmp_path) as server:
        for chunked in (True, False):  # FastAPI said 413, Flask and Django 403 (no CSRF)
            refused = server.send("POST", "/admin/signin", big, headers=form, chunked=chunked)
            assert refused.status == 413, (chunked, refused.status, refused.text[:300])
            assert re.search(r"The form is too large \(over \d+ bytes\)", refused.text)
            assert 'name="csrf"' in refused.text  # the form again, to try once more
        fits = b"token=" + b"x" * (MAX_FORM_BYTES - len("token="))
        expired = server.send("POST", "/admin/signin", fits, headers=form, chunked=True)
        assert expired.status == 403, expired.text[:300]  # read whole: no CSRF token in it
