"""redis-py, imported when a feature that needs it is used (the ``redis`` extra)."""

from __future__ import annotations

from typing import Any


def redis_module(feature: str) -> Any:
    """The ``redis`` package. Raises ImportError naming ``feature`` and the extra to
    install when redis-py is missing."""
    try:
        import redis
    except ImportError:  # pragma: no cover - depends on the installed extras
        raise ImportError(f"{feature} needs redis-py: pip install 'modstack[redis]'") from None
    return redis
