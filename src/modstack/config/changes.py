"""``ConfigChanged``: the value a setting change carries (stored, announced as the
``config.changed`` event, heard by other workers)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class ConfigChanged:
    """A setting changed (the ``config.changed`` event)."""

    module: str
    field: str
    old: Any
    new: Any
    tenant: str | None
    """None when the change applies to every tenant."""
    requires_restart: bool
    actor: str
    secret: bool = False
    """A secret field: ``old`` and ``new`` are masked (``MASK``, or None when unset)."""
    stored: bool = True
    """False when the value asked for was already in effect: nothing was stored,
    audited or announced (``SettingsManager.set_setting`` answers so)."""
