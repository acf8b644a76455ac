"""The contract module tree with routes a test adds, and each adapter's real server
(uvicorn or gunicorn) running it, spoken to over a socket: what a test client hides
(a chunked body, a body longer than its Content-Length) reaches the app as it would in
production."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import Adapter
from tests.adapters.contract.conftest import ADMIN_TOKEN
from tests.integration.servers import free_port, wait_for_port

ECHO = "/api/v1/storefront/notes/echo"
ONLY_GET = "/api/v1/storefront/notes/only-get"
ROUTES = {
    "fastapi": (
        "from fastapi import APIRouter, Request\n\nrouter = APIRouter()\n\n\n"
        '@router.post("/echo")\nasync def echo(request: Request) -> dict[str, int]:\n'
        '    return {"received": len(await request.body())}\n\n\n'
        '@router.get("/only-get")\nasync def only_get() -> dict[str, bool]:\n'
        '    return {"got": True}\n'
    ),
    "flask": (
        "from flask import Blueprint, request\n\n"
        'router = Blueprint("notes_storefront_api", __name__)\n\n\n'
        '@router.post("/echo")\ndef echo() -> dict[str, int]:\n'
        '    return {"received": len(request.get_data())}\n\n\n'
        '@router.get("/only-get")\ndef only_get() -> dict[str, bool]:\n'
        '    return {"got": True}\n'
    ),
    "django": (
        "from django.http import HttpRequest, JsonResponse\nfrom django.urls import path\n"
        "from django.views.decorators.http import require_GET, require_POST\n\n\n"
        "@require_POST\ndef echo(request: HttpRequest) -> JsonResponse:\n"
        '    return JsonResponse({"received": len(request.body)})\n\n\n'
        "@require_GET\ndef only_get(request: HttpRequest) -> JsonResponse:\n"
        '    return JsonResponse({"got": True})\n\n\n'
        'urlpatterns = [path("echo", echo), path("only-get", only_get)]\n'
    ),
}
"""Module ``notes``' storefront API, written for each adapter: ``POST /echo`` reads the
whole body and says how much it got; ``GET /only-get`` answers ``GET`` only (with the
framework's own 405 for another method: Django's ``require_GET``)."""


def tree_with_routes(adapter: Adapter, folder: Path) -> Path:
    """A copy of ``adapter``'s contract tree under ``folder``, with :data:`ROUTES`."""
    tree = folder / "modules"
    shutil.copytree(adapter.tree, tree, ignore=shutil.ignore_patterns("__pycache__"))
    (tree / "notes/routes/api/storefront.py").write_text(ROUTES[adapter.name])
    return tree


@dataclass(frozen=True)
class Answered:
    """A real server's answer: status, lower-case headers, the text and its JSON."""

    status: int
    headers: Mapping[str, str]
    text: str
    json: Any


@dataclass(frozen=True)
class Server:
    """A real server on ``port``."""

    port: int

    def send(
        self,
        method: str,
        path: str,
        body: bytes = b"",
        *,
        headers: Mapping[str, str] | None = None,
        chunked: bool = False,
        claimed: int | None = None,
    ) -> Answered:
        """Send ``body`` over a socket: chunked (16 KiB pieces, no Content-Length), or
        with ``claimed`` as its Content-Length (default its length)."""
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        if chunked:
            head += "Transfer-Encoding: chunked\r\n"
            pieces = [body[i : i + 16 * 1024] for i in range(0, len(body), 16 * 1024)]
            payload = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
        else:
            head += f"Content-Length: {len(body) if claimed is None else claimed}\r\n"
            payload = body
        with socket.create_connection(("127.0.0.1", self.port), timeout=60) as connection:
            with contextlib.suppress(OSError):  # the server may answer before the body went
                connection.sendall(head.encode() + b"\r\n" + payload)
            response = http.client.HTTPResponse(connection)
            response.begin()  # not to EOF: the server may still read what it was sent
            text = response.read().decode()
        found = {name.lower(): value for name, value in response.getheaders()}
        is_json = found.get("content-type", "").startswith("application/json")
        return Answered(response.status, found, text, json.loads(text) if is_json else None)

    def post(self, path: str, body: bytes, **options: Any) -> tuple[int, Any]:
        """(status, JSON body or None) of a POST with ``X-Tenant: acme``."""
        answered = self.send("POST", path, body, headers={"X-Tenant": "acme"}, **options)
        return answered.status, answered.json


@contextlib.contextmanager
def serving(
    adapter: Adapter, settings: ModstackSettings, folder: Path, **environment: str
) -> Iterator[Server]:
    """``adapter``'s real server (one worker) for the tree with :data:`ROUTES`, tenant
    ``acme`` with ``notes`` on, the admin token :data:`ADMIN_TOKEN` and ``environment``
    (``MODSTACK_*`` variables) on top."""
    tree = tree_with_routes(adapter, folder)
    with adapter.running(settings.model_copy(update={"modules": str(tree)})) as app:
        app.stack.tenancy.create_tenant("acme", modules=["notes"])
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")},
        "MODSTACK_MODULES": str(tree),
        "MODSTACK_DATABASE_URL": settings.database_url,
        "MODSTACK_ADMIN_TOKEN": ADMIN_TOKEN,
        **environment,
    }
    server = subprocess.Popen(adapter.server(folder, port, 1), env=env, cwd=folder)
    try:
        wait_for_port(port, timeout=60, process=server)
        yield Server(port)
    finally:
        server.terminate()
        server.wait(30)
