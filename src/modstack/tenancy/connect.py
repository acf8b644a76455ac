"""Build a ready ``TenancyService`` from URLs (or the ``MODSTACK_*`` environment)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Literal

from sqlalchemy.engine import make_url

from modstack.registry import Registry
from modstack.tenancy.notifier import InProcessNotifier, Notifier
from modstack.tenancy.service import TenancyService
from modstack.tenancy.store import TenancyStore

DEFAULT_DATABASE_URL = "sqlite:///modstack.db"

NotifierChoice = Literal["auto", "redis", "postgres", "in-process"]


def database_url(explicit: str | None = None) -> str:
    """``explicit``, else ``MODSTACK_DATABASE_URL``, else a SQLite file in the current folder."""
    return explicit or os.environ.get("MODSTACK_DATABASE_URL") or DEFAULT_DATABASE_URL


def make_notifier(
    database: str, redis_url: str | None, choice: NotifierChoice = "auto"
) -> Notifier:
    """Redis when a Redis URL is given, else LISTEN/NOTIFY on PostgreSQL, else in-process."""
    if choice == "redis" or (choice == "auto" and redis_url):
        if not redis_url:
            raise ValueError("the Redis notifier needs a URL: set MODSTACK_REDIS_URL")
        from modstack.tenancy.redis_notifier import RedisNotifier

        return RedisNotifier(redis_url)
    postgres = make_url(database).get_backend_name() == "postgresql"
    if choice == "postgres" or (choice == "auto" and postgres):
        from modstack.tenancy.postgres_notifier import PostgresNotifier

        return PostgresNotifier(database)
    return InProcessNotifier()


def connect(
    registry: Registry,
    *,
    database: str | None = None,
    redis_url: str | None = None,
    notifier: NotifierChoice = "auto",
    default_modules: Iterable[str] = (),
    auto_disable_dependencies: bool = True,
    staleness: float = 1.0,
    migrate: bool = True,
) -> TenancyService:
    """A tenancy service over ``database`` (default: ``MODSTACK_DATABASE_URL``, then
    ``sqlite:///modstack.db``), notified through Redis when ``redis_url`` (default:
    ``MODSTACK_REDIS_URL``) is set. Creates or upgrades modstack's tables unless
    ``migrate=False``. Raises StoreUnavailableError when the database cannot be reached."""
    url = database_url(database)
    store = TenancyStore(url)
    if migrate:
        store.migrate()
    redis = redis_url if redis_url is not None else os.environ.get("MODSTACK_REDIS_URL")
    return TenancyService(
        registry,
        store,
        notifier=make_notifier(url, redis, notifier),
        default_modules=default_modules,
        auto_disable_dependencies=auto_disable_dependencies,
        staleness=staleness,
    )
