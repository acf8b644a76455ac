"""The credit app, served by modstack's Flask adapter: ``gunicorn credit.app:app`` (or
``flask --app credit.app run``) from ``examples/credit``. Settings come from the
``MODSTACK_*`` environment; the database is migrated and seeded on first start.

The actor for the audit trail is the ``X-Actor`` header: the demo trusts it, as an app
behind an authenticating proxy would; an app exposed directly must not.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from credit.seed import MODULES, prepare
from modstack.flask import Modstack
from modstack.settings import ModstackSettings
from modstack.web.request import RequestHead

TEMPLATES = Path(__file__).parent / "templates"


def actor_of(head: RequestHead) -> str | None:
    """The ``X-Actor`` header (set by the proxy that signed the user in)."""
    return head.headers.get("x-actor") or None


def build(settings: ModstackSettings) -> Flask:
    """The credit app over ``settings``, on a database already migrated."""
    app = Flask("credit", template_folder=str(TEMPLATES))
    Modstack(app, packages=[MODULES], settings=settings, actor_resolver=actor_of)
    return app


def create_app(settings: ModstackSettings | None = None) -> Flask:
    """The credit app over ``settings`` (default: the environment), its database
    migrated and seeded with the demo's two banks."""
    settings = settings or ModstackSettings()
    prepare(settings.database_url)
    return build(settings)


def __getattr__(name: str) -> Flask:
    """``credit.app:app`` for a WSGI server, built on first access."""
    if name == "app":
        built = create_app()
        globals()["app"] = built
        return built
    raise AttributeError(name)
