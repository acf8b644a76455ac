"""The root of every modstack error, and the message helpers its families share: where a
problem was written, and the names near a misspelt one."""

from __future__ import annotations

from collections.abc import Iterable


class ModstackError(Exception):
    """The root of every error modstack raises."""


def _where(file: str | None) -> str:
    return f" (in {file})" if file else ""


def _near(name: str, known: Iterable[str], *, limit: int = 3) -> tuple[tuple[str, ...], str]:
    """Names close to ``name``, and the "; did you mean ...?" hint (empty when none)."""
    import difflib

    found = tuple(difflib.get_close_matches(name, list(known), n=limit))
    hint = f"; did you mean {' or '.join(map(repr, found))}?" if found else ""
    return found, hint
