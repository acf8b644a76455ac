"""A Django project written to a folder, as a user has one: ``project_settings.py``,
``manage.py``, ``wsgi.py``, ``asgi.py`` (modstack's, with the lifespan) and
``django_asgi.py`` (Django's own), for tests that run it in other processes
(``manage.py`` commands, gunicorn, uvicorn)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.adapters.django.project import TEMPLATES

SETTINGS = """SECRET_KEY = "disk-project"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["modstack.django"]
MIDDLEWARE = ["modstack.django.middleware.ModstackMiddleware"]
ROOT_URLCONF = "modstack.django.urls"
TEMPLATES = {templates!r}
MODSTACK = {modstack!r}
MODULE_CONFIGS = {module_configs!r}
"""
MANAGE = """import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project_settings")
from django.core.management import execute_from_command_line

execute_from_command_line(sys.argv)
"""
WSGI = """import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project_settings")
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
"""
ASGI = """import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project_settings")
from modstack.django.asgi import get_asgi_application

application = get_asgi_application()
"""
DJANGO_ASGI = ASGI.replace("modstack.django.asgi", "django.core.asgi")
"""Django's own ``asgi.py`` (no lifespan: the modules do not stop at shutdown)."""


def write_project(root: Path, *, modstack: dict[str, Any], module_configs: Any = None) -> Path:
    """The project's files in ``root`` (returned)."""
    root.mkdir(parents=True, exist_ok=True)
    settings = SETTINGS.format(
        templates=TEMPLATES, modstack=modstack, module_configs=module_configs or {}
    )
    (root / "project_settings.py").write_text(settings)
    (root / "manage.py").write_text(MANAGE)
    (root / "wsgi.py").write_text(WSGI)
    (root / "asgi.py").write_text(ASGI)
    (root / "django_asgi.py").write_text(DJANGO_ASGI)
    return root


def project_env(root: Path, **extra: str) -> dict[str, str]:
    """The environment the project's processes run in (its folder importable)."""
    path = os.pathsep.join([str(root), *sys.path])
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")}
    return {**environ, "PYTHONPATH": path, "DJANGO_SETTINGS_MODULE": "project_settings", **extra}


def manage(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``python manage.py ARGS`` in the project's folder."""
    return subprocess.run([sys.executable, "manage.py", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
