"""A FastAPI app over tests/assets/web-app, with a real SQLite tenancy store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from modstack.fastapi import create_app
from modstack.settings import ModstackSettings
from tests.conftest import journal_of

WEB_APP = Path(__file__).parents[2] / "assets/web-app"
ADMIN_TOKEN = "test-admin-token"
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def settings(tmp_path: Path) -> ModstackSettings:
    return ModstackSettings(
        modules=str(WEB_APP / "modules"),
        database_url=f"sqlite:///{tmp_path / 'modstack.db'}",
        environment="test",
        admin_token=ADMIN_TOKEN,
        staleness=0.2,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def app(settings: ModstackSettings) -> FastAPI:
    return create_app(settings=settings, templates=WEB_APP / "templates")


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client signed in as the admin (its requests carry the admin token)."""
    with TestClient(app, headers=ADMIN) as running:
        tenancy = app.state.modstack.tenancy
        tenancy.create_tenant("acme", modules=["billing"])
        tenancy.create_tenant("globex", modules=[])
        yield running


@pytest.fixture
def journal(app: FastAPI) -> Iterator[list[tuple[Any, ...]]]:
    yield from journal_of(app.state.modstack.registry)
