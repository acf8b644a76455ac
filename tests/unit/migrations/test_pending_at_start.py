"""A module whose migrations are not applied starts, and the stack says so once, at
start, naming the module and the command that applies them."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

import modstack
from modstack.flask import create_app
from modstack.migrations import Migrations
from modstack.settings import ModstackSettings
from modstack.stack import build_stack

TREE = Path(__file__).parents[2] / "assets/migrations-app/modules"


def settings_for(tmp_path: Path) -> ModstackSettings:
    return ModstackSettings(
        modules=str(TREE),
        database_url=f"sqlite:///{tmp_path / 'app.db'}",
        _env_file=None,  # type: ignore[call-arg]
    )


def pending_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "modstack" and r.levelno == logging.WARNING and "pending" in r.getMessage()
    ]


def start_and_stop(settings: ModstackSettings) -> None:
    async def run() -> None:
        async with build_stack(settings).running(background=False):
            pass

    asyncio.run(run())


def migrate(settings: ModstackSettings, code: str | None = None) -> None:
    migrations = Migrations(modstack.resolve(modstack.discover(TREE)), settings.database_url)
    try:
        migrations.upgrade(code)
    finally:
        migrations.dispose()


def test_each_module_with_pending_migrations_is_named_once_with_the_command(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(tmp_path)
    with caplog.at_level(logging.WARNING, logger="modstack"):
        start_and_stop(settings)
    assert pending_warnings(caplog) == [
        "module 'payments' has 1 pending migration (payments_001): its tables may be "
        "missing or out of date; run `modstack db upgrade`",
        "module 'billing' has 2 pending migrations (billing_001, billing_002): its tables "
        "may be missing or out of date; run `modstack db upgrade`",
    ]


def test_only_the_modules_still_behind_are_named_and_none_once_upgraded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(tmp_path)
    migrate(settings, "payments")
    with caplog.at_level(logging.WARNING, logger="modstack"):
        start_and_stop(settings)
    assert [m.split(" has ")[0] for m in pending_warnings(caplog)] == ["module 'billing'"]
    caplog.clear()
    migrate(settings)
    with caplog.at_level(logging.WARNING, logger="modstack"):
        start_and_stop(settings)
    assert pending_warnings(caplog) == []


def test_a_flask_app_warns_when_its_stack_starts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app: Flask = create_app(settings=settings_for(tmp_path))
    stack = app.extensions["modstack"]
    with caplog.at_level(logging.WARNING, logger="modstack"):
        stack.start()
        stack.stop()
    assert [m.split(" has ")[0] for m in pending_warnings(caplog)] == [
        "module 'payments'",
        "module 'billing'",
    ]


def test_a_check_that_cannot_run_says_so_and_the_modules_still_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(tmp_path)
    migrate(settings)
    engine = sa.create_engine(settings.database_url)
    with engine.begin() as connection:  # a revision no module has (a branch since deleted)
        connection.execute(sa.text("UPDATE alembic_version SET version_num = 'gone_001'"))
    engine.dispose()
    started: list[str] = []

    async def run() -> None:
        async with build_stack(settings).running(background=False) as stack:
            started.extend(code for code, m in stack.kernel.modules.items() if m.is_active)

    with caplog.at_level(logging.WARNING, logger="modstack"):
        asyncio.run(run())
    assert started == ["payments", "billing"]
    assert any(
        r.getMessage().startswith("could not check the modules' migrations: ")
        for r in caplog.records
    )
