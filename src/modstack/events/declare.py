"""How modules declare event handlers: in the definition, or with ``@handles(Event)``
in the module's ``handlers.py`` (or ``handlers/`` package)."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from modstack.definition import ModuleDefinition
from modstack.kernel.hooks import resolve_hook

F = TypeVar("F", bound=Callable[..., Any])

_MARK = "__modstack_handles__"
HANDLERS_MODULE = "handlers"


def event_key(event_type: type) -> str:
    """The name an event type is dispatched under: ``module.QualName``."""
    return f"{event_type.__module__}.{event_type.__qualname__}"


def handles(*event_types: type) -> Callable[[F], F]:
    """Mark a function in a module's ``handlers.py`` as a handler of ``event_types``."""

    def mark(handler: F) -> F:
        setattr(handler, _MARK, (*getattr(handler, _MARK, ()), *event_types))
        return handler

    return mark


def declared_handlers(definition: ModuleDefinition) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every ``(event key, handler)`` a module declares, in declaration order.

    Raises ImportError (or what the handlers file raises) when a handler cannot be loaded.
    """
    for event, refs in definition.subscriptions.items():
        key = _key_of(event)
        for ref in refs:
            yield key, resolve_hook(definition, ref)
    module = _handlers_module(definition)
    if module is None:
        return
    for value in vars(module).values():
        for event_type in getattr(value, _MARK, ()):
            if getattr(value, "__module__", None) == module.__name__:
                yield event_key(event_type), value


def _key_of(event: str) -> str:
    # "package.module:Class" names an importable class; anything else is already a key.
    if ":" in event:
        target, _, name = event.partition(":")
        return event_key(getattr(importlib.import_module(target), name))
    return event


def _handlers_module(definition: ModuleDefinition) -> Any:
    if definition.package is None:
        return None
    name = f"{definition.package}.{HANDLERS_MODULE}"
    root = definition.root
    if root is None or not (
        (root / f"{HANDLERS_MODULE}.py").is_file() or (root / HANDLERS_MODULE).is_dir()
    ):
        return None
    return importlib.import_module(name)
