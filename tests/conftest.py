"""Shared fixtures: where the sample module trees live."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from modstack.registry import Registry

# No timing thresholds in tests: hypothesis's per-example deadline (200 ms) and its "data
# generation is slow" check fail a correct test on a busy 2-core machine.
settings.register_profile("modstack", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("modstack")

ASSETS = Path(__file__).parent / "assets"


@pytest.fixture
def assets() -> Path:
    """The folder of sample module trees, one per scenario."""
    return ASSETS


def journal_of(registry: Registry) -> Iterator[list[tuple[Any, ...]]]:
    """The ``_journal.events`` list of a sample tree (what its hooks did), emptied before
    and after the test."""
    package = next(iter(registry)).package
    assert package is not None
    events: list[tuple[Any, ...]] = importlib.import_module(
        package.rsplit(".", 1)[0] + "._journal"
    ).events
    events.clear()
    yield events
    events.clear()
