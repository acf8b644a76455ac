"""connection_api: the database every module works on, and the API's base."""

from __future__ import annotations

from typing import Any

from credit import db
from credit.db import Database
from credit.module import CreditModule


class ConnectionApiModule(CreditModule):
    """Core database operations & API base."""

    NAME = "connection_api"
    DEPENDENCIES: list[str] = []
    TIER = "core"

    def start(self, app_manager: Any) -> bool:
        """Wrap the app's engine (``app_manager.database_manager.engine``) and make it the
        database of every module, event handler and command in this process."""
        engine = getattr(getattr(app_manager, "database_manager", None), "engine", None)
        if engine is None:
            return False
        self._database = Database(engine)
        db.use(self._database)
        return self._database.is_connected()

    @property
    def database(self) -> Database:
        """The app's database."""
        return self._database

    def register_routes(self, app: Any) -> None:
        """``GET /api/connection``: whether the database answers."""
        from .routes import register

        register(app, self)
