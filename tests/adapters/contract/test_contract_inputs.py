"""What every adapter reads the same way from a request: a tenant named in a path prefix
(``/t/<tenant>/...``) — the gate answers through the prefix as through a header, only
the first valid segment names the tenant, a segment that is no tenant name names none —
and a body, limited by ``MODSTACK_MAX_BODY_SIZE`` under the adapter's real server whether
it comes with a Content-Length, chunked, or longer than it claims."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
from pathlib import Path
from typing import Any

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import Adapter
from tests.integration.servers import free_port, wait_for_port

PING = "/api/v1/vendor/notes/ping"


def test_the_gate_answers_through_a_tenant_path_prefix(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings, path_prefix="/t") as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        admitted = app.get(f"/t/acme{PING}")
        assert (admitted.status, admitted.json) == (200, {"module": "notes", "tenant": "acme"})
        disabled = app.get(f"/t/globex{PING}")
        assert (disabled.status, disabled.json["code"]) == (403, "module_disabled")
        unknown = app.get(f"/t/nobody{PING}")
        assert (unknown.status, unknown.json["code"]) == (404, "tenant_not_found")
        missing = app.get(PING, **{"X-Tenant": "acme"})  # a header names no tenant here
        assert (missing.status, missing.json["code"]) == (400, "tenant_required")
        page = app.get("/t/acme/vendor/notes")
        assert (page.status, "Hello &lt;world&gt;" in page.text) == (200, True)


def test_only_the_first_valid_path_segment_names_the_tenant(
    adapter: Adapter, settings: ModstackSettings
) -> None:
    with adapter.running(settings, path_prefix="/t") as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
        app.stack.tenancy.create_tenant("globex", modules=[])
        assert app.get(f"/t/globex/t/acme{PING}").status == 404  # globex asks for /t/acme/...
        assert app.get(f"/t/acme/t/acme{PING}").status == 404
        for not_a_tenant in ("a%20b", "-acme", "%3Cb%3E"):  # no route: the path stays as it is
            assert app.get(f"/t/{not_a_tenant}{PING}").status == 404, not_a_tenant
        unknown = app.get(f"/t/ACME{PING}")  # a valid name, but no such tenant
        assert (unknown.status, unknown.json["code"]) == (404, "tenant_not_found")


# -- the request body limit, under each adapter's real server ----------------------------

LIMIT = 64 * 1024
ECHO = "/api/v1/storefront/notes/echo"
ECHO_ROUTES = {
    "fastapi": (
        "from fastapi import APIRouter, Request\n\nrouter = APIRouter()\n\n\n"
        '@router.post("/echo")\nasync def echo(request: Request) -> dict[str, int]:\n'
        '    return {"received": len(await request.body())}\n'
    ),
    "flask": (
        "from flask import Blueprint, request\n\n"
        'router = Blueprint("notes_storefront_api", __name__)\n\n\n'
        '@router.post("/echo")\ndef echo() -> dict[str, int]:\n'
        '    return {"received": len(request.get_data())}\n'
    ),
    "django": (
        "from django.http import HttpRequest, JsonResponse\nfrom django.urls import path\n\n\n"
        "def echo(request: HttpRequest) -> JsonResponse:\n"
        '    return JsonResponse({"received": len(request.body)})\n\n\n'
        'urlpatterns = [path("echo", echo)]\n'
    ),
}
"""A route that reads the whole body, written for each adapter."""


def _post(port: int, body: bytes, *, chunked: bool = False, claimed: int | None = None) -> Any:
    """POST ``body`` to the echo route over a socket (chunked, or with ``claimed`` as
    its Content-Length, default its length): (status, JSON body or None)."""
    head = f"POST {ECHO} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Tenant: acme\r\nConnection: close\r\n"
    if chunked:
        head += "Transfer-Encoding: chunked\r\n"
        pieces = [body[i : i + 16 * 1024] for i in range(0, len(body), 16 * 1024)]
        payload = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
    else:
        head += f"Content-Length: {len(body) if claimed is None else claimed}\r\n"
        payload = body
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        with contextlib.suppress(OSError):  # the server may answer before the body went
            connection.sendall(head.encode() + b"\r\n" + payload)
        response = http.client.HTTPResponse(connection)
        response.begin()  # not to EOF: the server may still read what it was sent
        text = response.read()
    is_json = (response.getheader("content-type") or "").startswith("application/json")
    return response.status, json.loads(text) if is_json else None


def test_a_body_over_the_limit_is_refused_413_under_a_real_server(
    adapter: Adapter, settings: ModstackSettings, tmp_path: Path
) -> None:
    tree = tmp_path / "modules"
    shutil.copytree(adapter.tree, tree, ignore=shutil.ignore_patterns("__pycache__"))
    (tree / "notes/routes/api/storefront.py").write_text(ECHO_ROUTES[adapter.name])
    with adapter.running(settings.model_copy(update={"modules": str(tree)})) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")},
        "MODSTACK_MODULES": str(tree),
        "MODSTACK_DATABASE_URL": settings.database_url,
        "MODSTACK_MAX_BODY_SIZE": str(LIMIT),
    }
    server = subprocess.Popen(adapter.server(tmp_path, port, 1), env=env, cwd=tmp_path)
    try:
        wait_for_port(port, timeout=60, process=server)
        assert _post(port, b"x" * LIMIT) == (200, {"received": LIMIT})
        assert _post(port, b"x" * (LIMIT + 1))[0] == 413
        assert _post(port, b"x" * LIMIT, chunked=True) == (200, {"received": LIMIT})
        assert _post(port, b"x" * (LIMIT + 1), chunked=True)[0] == 413
        # a body longer than its Content-Length is read only that far
        assert _post(port, b"x" * 4 * LIMIT, claimed=10) == (200, {"received": 10})
    finally:
        server.terminate()
        server.wait(30)
