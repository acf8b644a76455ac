"""The adapters the contract suite runs against. An adapter is a factory: given
modstack's settings, a running app and a client for it. Each adapter has its own copy of
the contract's module tree (tests/assets/contract/<adapter>/modules), written in its
framework: module ``notes`` with a vendor API ``GET /ping`` answering
``{"module": "notes", "tenant": <the request's tenant>}``, a vendor page ``/vendor/notes``
rendering ``notes/hello.html`` (``{{ t("notes.hello") }} {{ who }}`` with
``who="<world>"``), ``static/hello.txt``, ``locales/en.json`` and settings
(``config.py``: ``greeting``, default ``"hello"``).

Flask and Django are more entries in ``ADAPTERS``: a factory and its tree."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

from modstack.settings import ModstackSettings
from modstack.stack import Stack

ASSETS = Path(__file__).parents[2] / "assets/contract"


@dataclass(frozen=True)
class Answer:
    """A response, in no framework's terms."""

    status: int
    text: str
    json: Any
    headers: Mapping[str, str] = field(default_factory=dict)
    """Lower-case names (``location``)."""


Send = Callable[[str, str, Mapping[str, str], bytes], Answer]
"""(method, path, headers, body) -> the answer; cookies the app sets are kept and sent
back, redirects are not followed."""


class Client:
    """What a contract test does with an app: send a request, read the stack."""

    def __init__(self, send: Send, stack: Stack) -> None:
        self.send = send
        self.stack = stack

    def get(self, path: str, **headers: str) -> Answer:
        return self.send("GET", path, headers, b"")

    def post(self, path: str, **headers: str) -> Answer:
        return self.send("POST", path, headers, b"")

    def form(self, path: str, fields: Mapping[str, str], **headers: str) -> Answer:
        """POST ``fields`` as an urlencoded form."""
        sent = {**headers, "Content-Type": "application/x-www-form-urlencoded"}
        return self.send("POST", path, sent, urlencode(fields).encode())


class Running(Protocol):
    """An adapter's app for ``settings``, running, with a client; ``path_prefix``: the
    tenant is named in the path (``/t/<tenant>/...``) instead of the header."""

    def __call__(
        self, settings: ModstackSettings, *, path_prefix: str | None = None
    ) -> AbstractContextManager[Client]: ...


@dataclass(frozen=True)
class Adapter:
    """A framework's factory and the contract tree written for it; ``server`` writes
    what a real server needs into a folder and gives its command line (folder, port,
    workers): the app reads ``MODSTACK_*`` from the environment."""

    name: str
    tree: Path
    running: Running
    server: Callable[[Path, int, int], list[str]]


@contextmanager
def fastapi_running(
    settings: ModstackSettings, *, path_prefix: str | None = None
) -> Iterator[Client]:
    from fastapi.testclient import TestClient

    from modstack.fastapi import PathPrefixTenantResolver, create_app

    resolver = PathPrefixTenantResolver(path_prefix) if path_prefix else None
    app = create_app(settings=settings, tenant_resolver=resolver)
    with TestClient(app) as client:

        def send(method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
            response = client.request(
                method, path, headers=dict(headers), content=body, follow_redirects=False
            )
            is_json = response.headers.get("content-type", "").startswith("application/json")
            json = response.json() if is_json and response.content else None
            return Answer(response.status_code, response.text, json, dict(response.headers))

        yield Client(send, app.state.modstack.core)


def fastapi_server(folder: Path, port: int, workers: int) -> list[str]:
    (folder / "serve.py").write_text(
        "from modstack.fastapi import create_app\n\napp = create_app()\n"
    )
    return [sys.executable, "-m", "uvicorn", "serve:app", "--app-dir", str(folder),
            "--port", str(port), "--workers", str(workers), "--log-level", "warning"]  # fmt: skip


@contextmanager
def flask_running(
    settings: ModstackSettings, *, path_prefix: str | None = None
) -> Iterator[Client]:
    from modstack.flask import create_app
    from modstack.web.tenants import PathPrefixTenant

    resolver = PathPrefixTenant(path_prefix) if path_prefix else None
    app = create_app(settings=settings, tenant_resolver=resolver)
    stack = app.extensions["modstack"]
    stack.start()
    try:
        client = app.test_client()

        def send(method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
            sent = dict(headers)
            cookies = [p.strip().partition("=") for p in sent.pop("Cookie", "").split(";")]
            for name, _, value in cookies:  # Werkzeug's client sends its own cookie jar
                if name:
                    client.set_cookie(name, value)
            response = client.open(path, method=method, headers=sent, data=body)
            for name, _, _ in cookies:
                if name:
                    client.delete_cookie(name)
            text = response.get_data(as_text=True)
            response.close()
            found: dict[str, str] = {}
            for name, value in response.headers.items():  # repeated names joined, as httpx
                found[name.lower()] = (
                    f"{found[name.lower()]}, {value}" if name.lower() in found else value
                )
            return Answer(response.status_code, text, response.get_json(silent=True), found)

        yield Client(send, stack.core)
    finally:
        stack.stop()


def flask_server(folder: Path, port: int, workers: int) -> list[str]:
    (folder / "serve.py").write_text(
        "from modstack.flask import create_app\n\napp = create_app()\n"
    )
    return [sys.executable, "-m", "gunicorn", "serve:app", "--chdir", str(folder),
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--log-level", "warning"]  # fmt: skip


@contextmanager
def django_running(
    settings: ModstackSettings, *, path_prefix: str | None = None
) -> Iterator[Client]:
    from tests.adapters.django.project import configure, serving

    configure()
    from django.test import Client as DjangoClient

    from modstack.django.adapter import Modstack
    from modstack.web.tenants import PathPrefixTenant

    resolver = PathPrefixTenant(path_prefix) if path_prefix else None
    with serving(Modstack(settings, tenant_resolver=resolver)) as stack:
        client = DjangoClient()

        def send(method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
            sent = dict(headers)
            content_type = sent.pop("Content-Type", "application/octet-stream")
            response = client.generic(
                method, path, data=body, content_type=content_type, headers=sent
            )
            content = b"".join(response) if response.streaming else response.content
            is_json = response.get("Content-Type", "").startswith("application/json")
            found = {name.lower(): value for name, value in response.items()}
            cookies = [morsel.OutputString() for morsel in response.cookies.values()]
            if cookies:
                found["set-cookie"] = ", ".join(cookies)
            response.close()
            text = content.decode()
            decoded = json.loads(text) if is_json and text else None
            return Answer(response.status_code, text, decoded, found)

        yield Client(send, stack.core)


def django_server(folder: Path, port: int, workers: int) -> list[str]:
    (folder / "serve.py").write_text(
        "import django\n"
        "from django.conf import settings\n\n"
        "settings.configure(\n"
        "    SECRET_KEY='contract', ALLOWED_HOSTS=['*'], ROOT_URLCONF='modstack.django.urls',\n"
        "    INSTALLED_APPS=['modstack.django'],\n"
        "    MIDDLEWARE=['modstack.django.middleware.ModstackMiddleware'],\n"
        f"    TEMPLATES={_django_templates()!r},\n"
        ")\n"
        "django.setup()\n\n"
        "from django.core.wsgi import get_wsgi_application\n\n"
        "app = get_wsgi_application()\n"
    )
    return [sys.executable, "-m", "gunicorn", "serve:app", "--chdir", str(folder),
            "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
            "--log-level", "warning"]  # fmt: skip


def _django_templates() -> Any:
    from tests.adapters.django.project import TEMPLATES

    return TEMPLATES


ADAPTERS = [
    Adapter("fastapi", ASSETS / "fastapi/modules", fastapi_running, fastapi_server),
    Adapter("flask", ASSETS / "flask/modules", flask_running, flask_server),
    Adapter("django", ASSETS / "django/modules", django_running, django_server),
]
