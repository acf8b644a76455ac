"""Flask apps run by the real adapter, on SQLite in a temporary folder."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask

from modstack.flask import Modstack, create_app
from modstack.settings import ModstackSettings

ASSETS = Path(__file__).parents[2] / "assets"
SEED_TREE = ASSETS / "flask-seed"
CONTRACT_TREE = ASSETS / "contract/flask/modules"
ADMIN_TOKEN = "flask-admin-token"


def settings_for(tmp_path: Path, **fields: Any) -> ModstackSettings:
    values: dict[str, Any] = {
        "modules": str(CONTRACT_TREE),
        "database_url": f"sqlite:///{tmp_path / 'flask.db'}",
        "environment": "test",
        "admin_token": ADMIN_TOKEN,
        "staleness": 0.2,
        **fields,
    }
    return ModstackSettings(**values, _env_file=None)  # type: ignore[call-arg]


@contextmanager
def running(app: Flask) -> Iterator[Modstack]:
    """Start the app's stack in this process; stop it after."""
    stack: Modstack = app.extensions["modstack"]
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


@contextmanager
def seed_app(tmp_path: Path, **fields: Any) -> Iterator[Flask]:
    """The seed's four modules, unmodified, found by scanning ``core.modules``."""
    sys.path.insert(0, str(SEED_TREE))
    try:
        settings = settings_for(tmp_path, modules=str(tmp_path / "none"), **fields)
        yield create_app(packages=["core.modules"], settings=settings)
    finally:
        sys.path.remove(str(SEED_TREE))
