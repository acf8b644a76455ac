"""The app, `modstack services check` and `modstack worker` start the modules with the
same settings: the same sources (``MODULE_<CODE>_*``, ``.env``, stored values) through
the same ``build_stack``. Before, the commands read ``<CODE>_*`` only, and the worker
started no module at all."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from modstack.fastapi import create_app
from modstack.settings import ModstackSettings
from tests.integration.servers import RedisServer

DEFINITION = 'from modstack import ModuleDefinition\n\ngreeter = ModuleDefinition("greeter", on_startup=".hooks:start")\n'  # noqa: E501
CONFIG = """from pydantic_settings import BaseSettings


class GreeterConfig(BaseSettings):
    greeting: str = "hello"
    closing: str = "bye"
"""
HOOKS = """import os
from pathlib import Path


def start(context):
    with Path(os.environ["GREETER_OUT"]).open("a") as out:
        out.write(f"{context.config.greeting} {context.config.closing}\\n")
"""


def _tree(root: Path) -> Path:
    folder = root / "modules" / "greeter"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    (folder / "definition.py").write_text(DEFINITION)
    (folder / "config.py").write_text(CONFIG)
    (folder / "hooks.py").write_text(HOOKS)
    (root / ".env").write_text("GREETER_CLOSING=from-dotenv\n")
    return root / "modules"


def _wait_for_lines(out: Path, count: int, process: subprocess.Popen[bytes]) -> list[str]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = out.read_text().splitlines() if out.exists() else []
        if len(lines) >= count:
            return lines
        if process.poll() is not None:
            break
        time.sleep(0.1)
    raise AssertionError(f"the worker started no module (exit code {process.poll()})")


def test_the_app_the_services_command_and_the_worker_load_identical_settings(
    tmp_path: Path, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    modules = _tree(tmp_path)
    out = tmp_path / "started.txt"
    database = f"sqlite:///{tmp_path / 'app.db'}"
    env = {
        **os.environ,
        "GREETER_OUT": str(out),
        "MODULE_GREETER_GREETING": "from-module-env",
        "MODSTACK_MODULES": str(modules),
        "MODSTACK_DATABASE_URL": database,
        "MODSTACK_TASKS_BROKER_URL": redis_server.url,
        "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
    }
    checked = subprocess.run(
        [sys.executable, "-m", "modstack", "services", "check", "--modules", str(modules)],
        env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    worker = subprocess.Popen(
        [sys.executable, "-m", "modstack", "worker", "--concurrency", "1"],
        env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for_lines(out, 2, worker)
    finally:
        worker.terminate()
        worker.wait(30)
    monkeypatch.setenv("GREETER_OUT", str(out))
    monkeypatch.setenv("MODULE_GREETER_GREETING", "from-module-env")
    monkeypatch.chdir(tmp_path)
    app = create_app(modules, settings=ModstackSettings(database_url=database))
    with TestClient(app):
        pass
    command, worker_line, app_line = out.read_text().splitlines()
    assert command == worker_line == app_line == "from-module-env from-dotenv"
