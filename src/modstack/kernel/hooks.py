"""Finding and calling a module's hooks, sync or async, with the arguments they take."""

from __future__ import annotations

import asyncio
import importlib
import inspect
from collections.abc import Callable
from typing import Any

from modstack.definition import ModuleDefinition
from modstack.types import HookRef


def resolve_hook(definition: ModuleDefinition, ref: HookRef) -> Callable[..., Any]:
    """The callable behind ``ref``: itself, or ``"package.module:function"`` imported.
    A leading dot (``".hooks:start"``) is relative to the module's package.

    Raises ImportError or AttributeError with the reference in the message.
    """
    if callable(ref):
        return ref
    target, _, attribute = ref.partition(":")
    module = importlib.import_module(target, package=definition.package) if target.startswith(".") \
        else importlib.import_module(target)  # fmt: skip
    try:
        found = getattr(module, attribute)
    except AttributeError:
        raise AttributeError(f"hook {ref!r}: {target!r} has no attribute {attribute!r}") from None
    if not callable(found):
        raise TypeError(f"hook {ref!r} is a {type(found).__name__}, not a callable")
    return found  # type: ignore[no-any-return]


async def call_hook(hook: Callable[..., Any], *arguments: Any) -> Any:
    """Call ``hook`` with as many of ``arguments`` as it accepts, awaiting it if it is
    async. A sync hook runs in a worker thread so it cannot stall the event loop."""
    wanted = _arity(hook, len(arguments))
    if inspect.iscoroutinefunction(hook):
        return await hook(*arguments[:wanted])
    result = await asyncio.to_thread(hook, *arguments[:wanted])
    if inspect.isawaitable(result):
        return await result
    return result


def _arity(hook: Callable[..., Any], offered: int) -> int:
    try:
        parameters = inspect.signature(hook).parameters.values()
    except (TypeError, ValueError):
        return offered
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return offered
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return min(len(positional), offered)
