"""A Django project's ``MODULE_CONFIGS`` reach its modules the same way in the served app
(gunicorn) and in every ``manage.py`` command that starts them or reads their settings:
``check_services`` (the ``modstack`` command line in process), ``system_health`` (the
project's own stack) and ``export_config``. Before, none of them read it. A bad value is
an error naming where it was written, for ``manage.py`` as for the app."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx

from tests.adapters.django.disk_project import manage, project_env, write_project
from tests.adapters.django.test_module_configs import greeter_tree
from tests.integration.servers import free_port, wait_for_port

CONFIGS = {"greeter": {"greeting": "from-settings", "count": 3}}
EXPECTED = "from-settings from-dotenv 3"


def _lines(out: Path, count: int, server: subprocess.Popen[bytes]) -> list[str]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = out.read_text().splitlines() if out.exists() else []
        if len(lines) >= count:
            return lines
        assert server.poll() is None, f"the server exited with {server.returncode}"
        time.sleep(0.1)
    raise AssertionError(f"the served app started no module: {out.read_text()!r}")


def test_the_app_and_manage_py_commands_load_identical_module_settings(tmp_path: Path) -> None:
    modules = greeter_tree(tmp_path)
    database = f"sqlite:///{tmp_path / 'project.db'}"
    root = write_project(
        tmp_path / "project",
        modstack={"modules": str(modules), "database_url": database, "admin_token": "t"},
        module_configs=CONFIGS,
    )
    (root / ".env").write_text("GREETER_CLOSING=from-dotenv\n")
    out = tmp_path / "started.txt"
    env = project_env(root, GREETER_OUT=str(out), MODULE_GREETER_GREETING="from-the-environment")
    for command in ("check_services", "system_health"):
        ran = manage(root, env, command)
        assert ran.returncode == 0, ran.stderr
    exported = manage(root, env, "export_config", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    greeting = json.loads(exported.stdout)["modules"]["greeter"]["greeting"]
    assert greeting == {
        "value": "from-settings",
        "source": 'settings.MODULE_CONFIGS["greeter"]["greeting"]',
    }
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--log-level", "warning"],
        cwd=root, env=env,
    )  # fmt: skip
    try:
        wait_for_port(port, process=server)
        assert httpx.get(f"http://127.0.0.1:{port}/health").status_code == 200
        lines = _lines(out, 3, server)
    finally:
        server.terminate()
        server.wait(30)
    assert lines == [EXPECTED, EXPECTED, EXPECTED]  # check_services, system_health, the app


def test_manage_py_names_a_bad_module_config_and_where_it_was_written(tmp_path: Path) -> None:
    modules = greeter_tree(tmp_path)
    database = f"sqlite:///{tmp_path / 'project.db'}"
    root = write_project(
        tmp_path / "project",
        modstack={"modules": str(modules), "database_url": database},
        module_configs={"greeter": {"count": "many"}, "greter": {}},
    )
    ran = manage(root, project_env(root), "validate_config")
    assert ran.returncode != 0
    message = ran.stderr.strip().splitlines()[-3:]
    assert message == [
        "django.core.exceptions.ImproperlyConfigured: modstack: 2 problems in "
        "settings.MODULE_CONFIGS:",
        "  - settings.MODULE_CONFIGS[\"greeter\"][\"count\"]: module 'greeter', field 'count': "
        "Input should be a valid integer, unable to parse string as an integer (got 'many')",
        "  - settings.MODULE_CONFIGS[\"greter\"]: no module 'greter'; did you mean 'greeter'? "
        "(modules: greeter)",
    ]
