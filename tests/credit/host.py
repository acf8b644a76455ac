"""A bare Flask host for the credit modules, standing in for the Flask adapter until it
exists: it builds the ``app_manager`` the modules read (``flask_app``, ``module_manager``,
``database_manager``, ``redis_manager``, ``outbox``), initialises the modules in load
order, calls ``register_routes(app)``, searches each module's ``templates`` folder, and
takes the tenant from an ``X-Tenant`` header. No gate, no health routes: the adapter's."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from jinja2 import ChoiceLoader, FileSystemLoader
from sqlalchemy.engine import Engine

from modstack.events import Outbox
from modstack.registry import Registry

APP_TEMPLATES = Path(__file__).parents[2] / "examples/credit/credit/templates"


@dataclass
class DatabaseManager:
    engine: Engine

    def is_connected(self) -> bool:
        """The seed's check: the database answers."""
        try:
            with self.engine.connect():
                return True
        except OSError:
            return False
        except Exception:  # noqa: BLE001 - any driver error means "not connected"
            return False


@dataclass
class ModuleManager:
    modules: dict[str, Any] = field(default_factory=dict)

    def get_module(self, name: str) -> Any:
        return self.modules.get(name)


@dataclass
class AppManager:
    flask_app: Flask
    database_manager: DatabaseManager
    module_manager: ModuleManager
    outbox: Outbox | None = None
    redis_manager: Any = None


def host(registry: Registry, engine: Engine, outbox: Outbox | None = None) -> AppManager:
    """A Flask app running every module of ``registry`` on ``engine``."""
    app = Flask("credit", template_folder=str(APP_TEMPLATES))
    folders = [str(APP_TEMPLATES)]
    folders += [
        str(d.path_of("templates"))
        for d in registry
        if (d.path_of("templates") or Path("/nonexistent")).is_dir()
    ]
    app.jinja_loader = ChoiceLoader([FileSystemLoader(folders)])
    manager = AppManager(app, DatabaseManager(engine), ModuleManager(), outbox)

    @app.before_request
    def resolve_tenant() -> None:
        g.tenant = request.headers.get("X-Tenant")
        g.actor = request.headers.get("X-Actor")

    for code in registry.order:
        definition = registry.get(code)
        assert definition.implementation is not None
        module = definition.implementation()
        assert module.initialize(manager) is True, code
        module.register_routes(app)
        manager.module_manager.modules[code] = module
    return manager
