"""The request body limit in a Flask app: 1 MiB unless the app or a view says otherwise,
counted as the body arrives — under Werkzeug's test client, its server and a real
gunicorn, for a body sent with a Content-Length, chunked, or longer than it claims."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from modstack.flask import Modstack
from tests.adapters.contract.served import Server
from tests.adapters.flask.conftest import running, settings_for
from tests.adapters.flask.gate_app import GATE_TREE, calls_of, gate_app
from tests.integration.servers import free_port, wait_for_port

MIB = 1024 * 1024
ITEMS = "/api/v1/storefront/open/items"
UPLOAD = "/api/v1/storefront/open/upload"
ACME = {"X-Tenant": "acme"}


def test_a_body_over_one_mib_is_refused_413_before_the_view_sees_it(tmp_path: Path) -> None:
    with gate_app(tmp_path) as app:
        client = app.test_client()
        assert client.post(ITEMS, headers=ACME, data=b"x" * MIB).json == {"received": MIB}
        assert client.post(ITEMS, headers=ACME, data=b"x" * (MIB + 1)).status_code == 413
        assert calls_of(app) == [("open", "acme", "add")]


def test_a_view_raises_its_own_limit(tmp_path: Path) -> None:
    with gate_app(tmp_path) as app:
        client = app.test_client()
        assert client.post(UPLOAD, headers=ACME, data=b"x" * 3 * MIB).json == {"received": 3 * MIB}
        assert client.post(UPLOAD, headers=ACME, data=b"x" * 5 * MIB).status_code == 413


def test_the_apps_own_max_content_length_wins_else_modstacks_setting(tmp_path: Path) -> None:
    own = Flask("own")
    own.config["MAX_CONTENT_LENGTH"] = 100
    Modstack(own, settings=settings_for(tmp_path, modules=str(GATE_TREE)))
    assert own.config["MAX_CONTENT_LENGTH"] == 100
    configured = Flask("configured")
    configured.config["MODSTACK_MAX_BODY_SIZE"] = 200
    Modstack(configured, settings=settings_for(tmp_path, modules=str(GATE_TREE)))
    assert configured.config["MAX_CONTENT_LENGTH"] == 200
    with running(own) as stack:
        stack.core.tenancy.create_tenant("acme", modules=["open"])
        client = own.test_client()
        assert client.post(ITEMS, headers=ACME, data=b"x" * 100).status_code == 201
        assert client.post(ITEMS, headers=ACME, data=b"x" * 101).status_code == 413


# -- real servers ------------------------------------------------------------------------


def _post(port: int, body: bytes, *, chunked: bool = False, claimed: int | None = None) -> str:
    """POST ``body`` to the open module's items over a socket (chunked, or with
    ``claimed`` as its Content-Length, default its length): "<status> <body>"."""
    answered = Server(port).send("POST", ITEMS, body, headers={"X-Tenant": "acme"},
                                 chunked=chunked, claimed=claimed)  # fmt: skip
    return f"{answered.status} {answered.text}"


def _the_limit_holds_on_the_wire(port: int) -> None:
    assert _post(port, b"x" * MIB, chunked=True).replace(" ", "") == '201{"received":1048576}\n'
    assert _post(port, b"x" * (MIB + 1), chunked=True).startswith("413 ")
    assert _post(port, b"x" * 10, claimed=2 * MIB).startswith("413 ")  # before reading
    # a body longer than its Content-Length is read only that far
    assert _post(port, b"x" * 2 * MIB, claimed=10).replace(" ", "") == '201{"received":10}\n'


def _tenants(tmp_path: Path) -> None:
    with gate_app(tmp_path):
        pass  # the database now has acme (with `open`) and globex


def test_the_limit_holds_under_werkzeugs_server(tmp_path: Path) -> None:
    with gate_app(tmp_path) as app:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            _the_limit_holds_on_the_wire(server.server_port)
        finally:
            server.shutdown()
            thread.join(30)
        assert all(what == "add" for _, _, what in calls_of(app))
        assert len(calls_of(app)) == 2  # the two bodies within the limit


@contextmanager
def _gunicorn(tmp_path: Path, worker_class: str) -> Iterator[int]:
    (tmp_path / "serve.py").write_text(
        "from modstack.flask import create_app\n\napp = create_app()\n"
    )
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")},
        "MODSTACK_MODULES": str(GATE_TREE),
        "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'flask.db'}",
        "MODSTACK_ENVIRONMENT": "test",
    }
    command = [sys.executable, "-m", "gunicorn", "serve:app", "--chdir", str(tmp_path),
               "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", worker_class,
               "--log-level", "warning"]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=tmp_path)
    try:
        wait_for_port(port, timeout=60, process=server)
        yield port
    finally:
        server.terminate()
        server.wait(30)


@pytest.mark.parametrize("worker_class", ["sync", "gthread"])
def test_the_limit_holds_under_a_real_gunicorn(tmp_path: Path, worker_class: str) -> None:
    _tenants(tmp_path)
    with _gunicorn(tmp_path, worker_class) as port:
        _the_limit_holds_on_the_wire(port)
