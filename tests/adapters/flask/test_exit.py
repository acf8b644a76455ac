"""A process that served requests and exits without calling ``stop()`` (a script using
``app.test_client()``, a gunicorn worker shutting down) stops its modules cleanly: their
sync shutdown hooks still get a thread to run on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.adapters.flask.conftest import CONTRACT_TREE, SEED_TREE

SCRIPT = """
from modstack.flask import create_app
from modstack.settings import ModstackSettings

settings = ModstackSettings(
    modules={modules!r}, database_url="sqlite:///{database}", environment="test",
    admin_token="t" * 32, _env_file=None,
)
app = create_app(settings=settings, packages=["core.modules"])
print(app.test_client().get("/health").status_code)
"""


def test_exiting_without_stop_stops_every_module_cleanly(tmp_path: Path) -> None:
    script = SCRIPT.format(modules=str(CONTRACT_TREE), database=tmp_path / "app.db")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SEED_TREE), os.getcwd()])}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "200"
    assert "failed to stop cleanly" not in done.stderr
    assert "cannot schedule new futures" not in done.stderr
