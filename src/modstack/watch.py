"""Development only: reload a module when a file in its folder changes (watchfiles).
``Stack.running()`` runs it when ``MODSTACK_WATCH`` is set in development."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from modstack.discovery import discover
from modstack.errors import ModstackError
from modstack.stack import Stack

logger = logging.getLogger("modstack.reload")

WATCHED = (".py", ".json", ".html", ".jinja", ".jinja2")


def module_of(stack: Stack, changed: Path) -> str | None:
    """The module whose folder holds ``changed``, or None."""
    for definition in stack.registry:
        root = definition.root
        if root is not None and changed.is_relative_to(root):
            return definition.code
    return None


def new_codes(stack: Stack) -> set[str]:
    """Codes of module folders added under the modules folder since the start."""
    try:
        found = discover(stack.settings.modules)
    except ModstackError as error:
        logger.error("a new module folder cannot be loaded yet: %s", error)
        return set()
    return {d.code for d in found} - set(stack.kernel.modules)


async def watch_modules(stack: Stack, stop: asyncio.Event) -> None:
    """Reload each module whose files change, until ``stop`` is set."""
    try:
        from watchfiles import awatch
    except ImportError:  # pragma: no cover - depends on the installed extras
        logger.warning("file watching needs watchfiles: pip install 'modstack[dev-server]'")
        return
    folder = Path(stack.settings.modules)
    roots = sorted({str(d.root) for d in stack.registry if d.root is not None})
    if folder.is_dir():  # a module folder added there is picked up too
        outside = [r for r in roots if not Path(r).resolve().is_relative_to(folder.resolve())]
        roots = [str(folder), *outside]
    async for changes in awatch(*roots, stop_event=stop, debounce=200, recursive=True):
        paths = [Path(p) for _, p in changes if p.endswith(WATCHED) and "__pycache__" not in p]
        codes = {module_of(stack, path) for path in paths}
        if any(path.name == "definition.py" and None is module_of(stack, path) for path in paths):
            codes |= new_codes(stack)
        for code in sorted(c for c in codes if c is not None):
            result = await stack.reload(code)
            if result.ok:
                logger.warning("reloaded %s", ", ".join(result.reloaded))
            else:
                logger.error(
                    "reload of %s failed; the old code keeps serving: %s", code, result.error
                )
