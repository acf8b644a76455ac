"""Shared fixtures: where the sample module trees live."""

from __future__ import annotations

from pathlib import Path

import pytest

ASSETS = Path(__file__).parent / "assets"


@pytest.fixture
def assets() -> Path:
    """The folder of sample module trees, one per scenario."""
    return ASSETS
