"""tests/assets/flask-gate served in process, and raw WSGI requests to it: the gate tests
hand the app a path exactly as a server does (no client normalising it first)."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from flask import Flask
from werkzeug.test import EnvironBuilder, run_wsgi_app

from modstack.flask import create_app
from modstack.web.tenants import TenantResolver
from tests.adapters.flask.conftest import ASSETS, running, settings_for

GATE_TREE = ASSETS / "flask-gate/modules"
TENANTS = {"acme": ["open", "failing"], "globex": []}
"""acme has `open` (and `failing`, which fails at startup), never `shut`; globex nothing."""


@contextmanager
def gate_app(
    tmp_path: Path, resolver: TenantResolver | None = None, **fields: Any
) -> Iterator[Flask]:
    """The gate app, started, with tenants acme and globex, its record cleared."""
    app = create_app(
        settings=settings_for(tmp_path, modules=str(GATE_TREE), **fields), tenant_resolver=resolver
    )
    with running(app) as stack:
        for tenant, modules in TENANTS.items():
            stack.core.tenancy.create_tenant(tenant, modules=modules)
        calls_of(app).clear()
        yield app


def calls_of(app: Flask) -> list[tuple[str, str | None, str]]:
    """The views' record (module, tenant, what) of the gate app."""
    package = next(iter(app.extensions["modstack"].core.registry)).package
    calls: list[tuple[str, str | None, str]] = importlib.import_module(
        package.rsplit(".", 1)[0] + "._calls"
    ).calls
    return calls


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


def send(
    app: Flask,
    raw_path: str,
    *,
    script_name: str = "",
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
) -> Answer:
    """Run one request through the app with ``raw_path`` (percent-encoded as on the wire)
    decoded into ``PATH_INFO`` as a WSGI server does, under ``script_name``."""
    environ = EnvironBuilder(method=method, headers=dict(headers or {})).get_environ()
    environ["PATH_INFO"] = unquote_to_bytes(raw_path).decode("latin-1")
    environ["SCRIPT_NAME"] = script_name
    environ["REQUEST_URI"] = environ["RAW_URI"] = script_name + raw_path
    body, status, _ = run_wsgi_app(app, environ, buffered=True)
    return Answer(int(status.split()[0]), b"".join(body))
