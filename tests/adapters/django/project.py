"""One Django project per test process (Django's settings are global): the
``modstack.django`` app, its middleware and URLs. Each test serves its own ``Modstack``
through ``apps.get_app_config("modstack").use(...)``."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ASSETS = Path(__file__).parents[2] / "assets"
CONTRACT_TREE = ASSETS / "contract/django/modules"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "OPTIONS": {
            "loaders": [
                "django.template.loaders.app_directories.Loader",
                "modstack.django.templates.ModuleTemplates",
            ],
        },
    }
]


def configure(**extra: Any) -> None:
    """Set Django up once for this process (a scratch database for ``ready()``)."""
    from django.conf import settings

    if settings.configured:
        return
    import django

    scratch = Path(tempfile.mkdtemp(prefix="modstack-django-"))
    settings.configure(
        DEBUG=False,
        SECRET_KEY="modstack-tests",
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF="modstack.django.urls",
        INSTALLED_APPS=["modstack.django"],
        MIDDLEWARE=["modstack.django.middleware.ModstackMiddleware"],
        TEMPLATES=TEMPLATES,
        MODSTACK={"modules": str(CONTRACT_TREE), "database_url": f"sqlite:///{scratch / 'm.db'}"},
        **extra,
    )
    django.setup()


@contextmanager
def serving(modstack: Any) -> Iterator[Any]:
    """Serve ``modstack`` (started) in this process's project; stop it after."""
    from django.apps import apps

    configure()
    config = apps.get_app_config("modstack")
    previous = config.use(modstack)  # type: ignore[attr-defined]
    modstack.start()
    try:
        yield modstack
    finally:
        modstack.stop()
        config.use(previous)  # type: ignore[attr-defined]
