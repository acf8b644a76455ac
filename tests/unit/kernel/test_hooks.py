"""Hook references: callables or "package.module:function" strings, sync or async."""

from __future__ import annotations

import asyncio

import pytest

from modstack import ModuleDefinition
from modstack.kernel import call_hook, resolve_hook


def test_a_string_reference_is_imported() -> None:
    definition = ModuleDefinition("x")
    assert resolve_hook(definition, "json:dumps")({"a": 1}) == '{"a": 1}'


def test_a_missing_or_uncallable_target_is_named() -> None:
    definition = ModuleDefinition("x")
    with pytest.raises(AttributeError, match="hook 'json:nope': 'json' has no attribute 'nope'"):
        resolve_hook(definition, "json:nope")
    with pytest.raises(TypeError, match="hook 'sys:version' is a str, not a callable"):
        resolve_hook(definition, "sys:version")
    with pytest.raises(ModuleNotFoundError):
        resolve_hook(definition, "no_such_pkg_xyz:start")


def test_a_hook_gets_the_arguments_it_asks_for() -> None:
    seen: list[tuple[object, ...]] = []

    def none() -> str:
        return "none"

    def one(tenant: str) -> str:
        return tenant

    async def both(tenant: str, context: object) -> tuple[str, object]:
        return tenant, context

    def varargs(*args: object) -> tuple[object, ...]:
        seen.append(args)
        return args

    assert asyncio.run(call_hook(none, "acme", "ctx")) == "none"
    assert asyncio.run(call_hook(one, "acme", "ctx")) == "acme"
    assert asyncio.run(call_hook(both, "acme", "ctx")) == ("acme", "ctx")
    assert asyncio.run(call_hook(varargs, "acme", "ctx")) == ("acme", "ctx")
    assert asyncio.run(call_hook(len, [1, 2])) == 2  # builtins, whose signature may be unknown
