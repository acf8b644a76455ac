"""``flask run --reload``: Werkzeug's reloader keeps a parent process that only restarts
a serving child. The stack starts in the serving child (modules' startup hooks run
there, once), never in the parent, and a change to a module's code is served after the
reloader restarts the child."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx

from tests.integration.servers import free_port

VERSION_URL = "/api/v1/storefront/clock/version"
ROUTES = """\
import os

from flask import Blueprint

router = Blueprint("clock_api", __name__)


@router.get("/version")
def version():
    return {{"version": {version}, "pid": os.getpid()}}
"""
HOOKS = """\
import os


def start():
    with open(os.environ["CLOCK_STARTS"], "a") as starts:
        starts.write(f"{os.getpid()}\\n")
"""


def _module_tree(root: Path) -> Path:
    clock = root / "modules/clock"
    (clock / "routes/api").mkdir(parents=True)
    for package in (clock, clock / "routes", clock / "routes/api"):
        (package / "__init__.py").write_text("")
    (clock / "definition.py").write_text(
        "from modstack import ModuleDefinition\n\n"
        'clock = ModuleDefinition("clock", on_startup=".hooks:start")\n'
    )
    (clock / "hooks.py").write_text(HOOKS)
    (clock / "routes/api/storefront.py").write_text(ROUTES.format(version=1))
    return clock


def _answer(url: str, *, until: Any, timeout: float = 90.0) -> dict[str, Any]:
    """The first JSON answer from ``url`` that ``until`` accepts (the server may still
    be starting or restarting)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            answer = httpx.get(url, timeout=10)
            if answer.status_code == 200 and until(answer.json()):
                found: dict[str, Any] = answer.json()
                return found
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"no acceptable answer from {url}"
        time.sleep(0.2)


def test_flask_run_with_the_reloader_starts_modules_in_the_serving_process_only(
    tmp_path: Path,
) -> None:
    clock = _module_tree(tmp_path)
    (tmp_path / "serve.py").write_text(
        "from modstack.flask import create_app\n\napp = create_app()\n"
    )
    starts = tmp_path / "starts.txt"
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("MODSTACK_", "FLASK_"))},
        "MODSTACK_MODULES": str(tmp_path / "modules"),
        "MODSTACK_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}",
        "MODSTACK_DEFAULT_TENANT": "main",
        "CLOCK_STARTS": str(starts),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "-m", "flask", "--app", "serve", "run", "--reload",
               "--port", str(port), "--host", "127.0.0.1"]  # fmt: skip
    watcher = subprocess.Popen(command, env=env, cwd=tmp_path, start_new_session=True)
    url = f"http://127.0.0.1:{port}{VERSION_URL}"
    try:
        first = _answer(url, until=lambda body: body["version"] == 1)
        assert first["pid"] != watcher.pid  # a child serves, the parent watches
        assert starts.read_text().split() == [str(first["pid"])]

        routes = clock / "routes/api/storefront.py"
        routes.write_text(ROUTES.format(version=2))
        later = time.time() + 5  # a newer modification time, whatever the clock's grain
        os.utime(routes, (later, later))
        second = _answer(url, until=lambda body: body["version"] == 2)

        assert second["pid"] not in (first["pid"], watcher.pid)
        assert starts.read_text().split() == [str(first["pid"]), str(second["pid"])]
        assert watcher.poll() is None
    finally:
        os.killpg(watcher.pid, signal.SIGTERM)
        watcher.wait(30)
