"""The Flask seed's names, unchanged: ``BaseModule`` (``NAME``, ``DEPENDENCIES``,
``initialize(self, app_manager)``, ``register_routes(self, app)``, ``health_check``),
``ModuleDependencyError``, ``custom_log``, and the ``app_manager`` handed to
``initialize``: ``flask_app``, ``module_manager``, ``database_manager``, ``redis_manager``
(plus ``outbox`` and ``services``)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import exc
from sqlalchemy.engine import Engine

from modstack.compat import BaseModule as CoreBaseModule
from modstack.discovery import scan
from modstack.errors import DependencyCycleError
from modstack.flask.recorder import ModuleApp
from modstack.graph import check, resolve

if TYPE_CHECKING:
    from flask import Flask

    from modstack.stack import Stack

logger = logging.getLogger("modstack.modules")


class ModuleDependencyError(Exception):
    """A module this one needs is not loaded (the seed's name)."""


def custom_log(message: str, level: str = "INFO") -> None:
    """The seed's logging helper: ``message`` at ``level`` (a logging level's name)."""
    logger.log(logging.getLevelNamesMapping().get(level.upper(), logging.INFO), message)


class BaseModule(CoreBaseModule):
    """The Flask seed's base class. ``register_routes`` may be called without ``app``
    (the seed does, in ``initialize``): it then gets ``self.app``."""

    app: Any = None

    def __init_subclass__(cls, **options: Any) -> None:
        super().__init_subclass__(**options)
        own = cls.__dict__.get("register_routes")
        if own is not None and not getattr(own, "app_optional", False):
            cls.register_routes = _app_optional(own)  # type: ignore[method-assign]


def _app_optional(register: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(register)
    def register_routes(self: Any, app: Any = None) -> Any:
        return register(self, app if app is not None else self.app)

    register_routes.app_optional = True  # type: ignore[attr-defined]
    return register_routes


class DatabaseManager:
    """The app's database: ``engine`` and ``is_connected()``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def is_connected(self) -> bool:
        """True when the database answers ``SELECT 1``."""
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
        except (exc.SQLAlchemyError, OSError):
            return False
        return True


class ModuleManager:
    """The seed's module manager over the kernel."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def get_module(self, name: str) -> Any:
        """The initialised instance of module ``name`` (None when not loaded)."""
        runtime = self.stack.kernel.modules.get(name)
        return runtime.instance if runtime is not None else None

    def get_module_health(self, name: str) -> dict[str, Any]:
        """Module ``name``'s health report, now."""
        return self.stack.call(self.stack.kernel.health(name))

    def get_module_status(self) -> dict[str, Any]:
        """Every module's state."""
        return self.stack.kernel.get_module_status()

    def is_module_loaded(self, name: str) -> bool:
        """True when module ``name`` is active."""
        return self.stack.kernel.is_module_loaded(name)


class AppManager:
    """What ``initialize(app_manager)`` receives."""

    def __init__(self, flask_app: Flask, errors: Flask) -> None:
        self.flask_app = ModuleApp(flask_app, errors)
        """Routes registered here belong to the module being initialised."""

    def bind(self, stack: Stack) -> None:
        """Complete the manager once the stack is built."""
        self.module_manager = ModuleManager(stack)
        self.database_manager = DatabaseManager(stack.engine)
        self.outbox = stack.outbox
        self.services = stack.services
        self.redis_manager = _redis(stack.settings.redis_url)


def _redis(url: str | None) -> Any:
    if not url:
        return None
    import redis

    return redis.Redis.from_url(url)


class ModuleRegistry:
    """The seed's registry over the modules found by scanning ``packages`` (and a
    modules folder): it answers for a cyclic tree too, naming the cycle."""

    def __init__(self, *roots: str, packages: Sequence[str] = ()) -> None:
        self.definitions = scan(*roots, packages=packages).raise_for_problems()
        self.problems = check(self.definitions)

    def get_modules(self) -> dict[str, type]:
        """Each module's name and class (class-style modules)."""
        return {d.code: d.implementation for d in self.definitions if d.implementation}

    @property
    def cycle(self) -> tuple[str, ...] | None:
        """The modules of a dependency cycle, in order, or None."""
        cycles = [p for p in self.problems if isinstance(p, DependencyCycleError)]
        return cycles[0].path if cycles else None

    def has_circular_dependencies(self) -> bool:
        """True when modules require each other in a loop (see :attr:`cycle`)."""
        return self.cycle is not None

    def get_module_load_order(self) -> list[str]:
        """The order modules start in. Raises ModuleTreeError for a cyclic tree."""
        return list(resolve(self.definitions).order)

    def get_dependency_graph(self) -> dict[str, list[str]]:
        """Each module with the modules it requires directly."""
        return {d.code: list(d.requires_codes) for d in self.definitions}
