"""modstack's own tables upgrade in place: a database made by an older modstack (here at
modstack_004, with events in its outbox, one of them stuck in 'delivering') keeps its
data, matches the models afterwards, and its events are delivered. The PostgreSQL run
is in tests/integration/test_modstack_upgrade_postgres.py."""

from __future__ import annotations

import importlib
import json
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

import modstack
import modstack.db.database
from modstack.events import EventBus, Outbox
from modstack.migrations import Migrations
from modstack.tenancy import TenancyService, TenancyStore

EVENTS_APP = Path(__file__).parents[2] / "assets/events-app/modules"


def upgrade_from_004(url: str) -> None:
    """Everything the upgrade promises, against the empty database at ``url``."""
    registry = modstack.resolve(modstack.discover(EVENTS_APP))
    store = TenancyStore(url)
    config = Config()
    folder = Path(modstack.db.database.__file__).parent / "migrations"
    config.set_main_option("script_location", str(folder))
    config.set_main_option("path_separator", "os")
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "modstack_004")
    placed = importlib.import_module(f"{registry.get('orders').package}.events").OrderPlaced
    event_type = f"{placed.__module__}:{placed.__qualname__}"
    with store.engine.begin() as connection:
        for order, status in ((1, "pending"), (2, "delivering")):  # 2: its deliverer died
            connection.execute(
                sa.text(
                    "INSERT INTO modstack_outbox (event_type, tenant, payload, status, "
                    "attempts, created_at) VALUES (:type, 'globex', :payload, :status, 1, :at)"
                ),
                {"type": event_type, "payload": json.dumps({"tenant": "globex", "order_id": order}),
                 "status": status, "at": datetime.now(UTC)},
            )  # fmt: skip
    store.dispose()

    migrations = Migrations(registry, url)
    migrations.upgrade()
    assert migrations.check() == []  # the tables match modstack's models
    with migrations.engine.connect() as connection:
        version = connection.execute(sa.text("SELECT version_num FROM modstack_alembic_version"))
        assert version.scalar() == "modstack_006"  # the newest revision
    migrations.dispose()

    tenancy = TenancyService(registry, TenancyStore(url))
    tenancy.create_tenant("globex", modules=["messaging"])
    outbox = Outbox(EventBus(registry, enabled_for=tenancy.enabled_modules), tenancy.store)
    assert [(e.id, e.status, e.attempts) for e in outbox.entries()] == [
        (2, "delivering", 1),
        (1, "pending", 1),
    ]
    assert outbox.deliver().delivered == (1, 2)
    assert [(e.status, e.attempts) for e in outbox.entries()] == [("delivered", 2)] * 2
    tenancy.close()
    tenancy.store.dispose()


def test_an_older_database_upgrades_in_place_on_sqlite(tmp_path: Path) -> None:
    upgrade_from_004(f"sqlite:///{tmp_path / 'old.db'}")
