"""The contract suite runs once per adapter in ``ADAPTERS``."""

from __future__ import annotations

from pathlib import Path

import pytest

from modstack.settings import ModstackSettings
from tests.adapters.contract.adapters import ADAPTERS, Adapter

ADMIN_TOKEN = "contract-admin-token"


@pytest.fixture(params=ADAPTERS, ids=[a.name for a in ADAPTERS])
def adapter(request: pytest.FixtureRequest) -> Adapter:
    chosen: Adapter = request.param
    return chosen


@pytest.fixture
def settings(adapter: Adapter, tmp_path: Path) -> ModstackSettings:
    return ModstackSettings(
        modules=str(adapter.tree),
        database_url=f"sqlite:///{tmp_path / 'contract.db'}",
        environment="test",
        admin_token=ADMIN_TOKEN,
        staleness=0.2,
        _env_file=None,  # type: ignore[call-arg]
    )
