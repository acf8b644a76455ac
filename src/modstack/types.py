"""Type aliases shared across modstack; nothing here runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

HookRef: TypeAlias = "Callable[..., Any] | str"
"""A lifecycle hook or event handler: a callable, or ``"package.module:function"``."""
