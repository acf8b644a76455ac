"""``Registry``: the immutable, resolved set of modules in load order.

Build one with :func:`modstack.resolve`; it never changes afterwards. A changed tree
gives a new registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NoReturn

from modstack.definition import ModuleDefinition, Tier
from modstack.errors import ModuleNotFound
from modstack.seed_names import RegistrySeedNames


class Registry(RegistrySeedNames):
    """Resolved modules: definitions by code, load order, and dependency closures.

    ``dependencies`` / ``dependents`` follow hard requirements only (what enabling pulls
    in, what disabling takes down); ``optional_requires`` only affect the load order.
    """

    __slots__ = ("_by_code", "_dependents", "_edges", "_lazy", "_requires", "order")

    order: tuple[str, ...]
    """Every code, dependencies before dependents, ties broken by code."""
    _by_code: Mapping[str, ModuleDefinition]
    _requires: Mapping[str, tuple[str, ...]]
    _edges: Mapping[str, tuple[str, ...]]
    _dependents: Mapping[str, Sequence[str]]
    _lazy: dict[object, Any]  # views and closures computed on first use

    def __init__(
        self,
        definitions: Mapping[str, ModuleDefinition],
        *,
        order: tuple[str, ...],
        requires: Mapping[str, tuple[str, ...]],
        edges: Mapping[str, tuple[str, ...]],
        dependents: Mapping[str, Sequence[str]],
    ) -> None:
        put = object.__setattr__
        put(self, "order", order)
        put(self, "_by_code", definitions)
        put(self, "_requires", requires)
        put(self, "_edges", edges)
        put(self, "_dependents", dependents)
        put(self, "_lazy", {"position": {code: i for i, code in enumerate(order)}})

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(
            f"a Registry is immutable; resolve a new one instead of setting {name!r}"
        )

    # -- lookup --------------------------------------------------------------------------

    @property
    def modules(self) -> Mapping[str, ModuleDefinition]:
        """Every definition by code, in load order."""
        view = self._lazy.get("modules")
        if view is None:
            view = self._lazy["modules"] = MappingProxyType(
                {c: self._by_code[c] for c in self.order}
            )
        return view

    def _position(self) -> dict[str, int]:
        position = self._lazy.get("position")
        if position is None:
            position = self._lazy["position"] = {code: i for i, code in enumerate(self.order)}
        return position

    def get(self, code: str) -> ModuleDefinition:
        """Return the module ``code``. Raises ModuleNotFound, suggesting near names."""
        try:
            return self._by_code[code]
        except KeyError:
            raise ModuleNotFound(code, known=self.order) from None

    def find(self, code: str) -> ModuleDefinition | None:
        """Return the module ``code``, or None."""
        return self._by_code.get(code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[ModuleDefinition]:
        by_code = self._by_code
        return (by_code[code] for code in self.order)

    def __len__(self) -> int:
        return len(self.order)

    def __repr__(self) -> str:
        return f"<Registry of {len(self)} modules>"

    def by_tier(self, tier: Tier | str) -> tuple[ModuleDefinition, ...]:
        """The modules of one tier, in load order."""
        wanted = Tier(tier)
        return tuple(d for d in self if d.tier is wanted)

    @property
    def core_codes(self) -> frozenset[str]:
        """Codes of the modules that are always enabled."""
        codes = self._lazy.get("core")
        if codes is None:
            codes = self._lazy["core"] = frozenset(d.code for d in self.by_tier(Tier.CORE))
        return codes

    # -- the graph -----------------------------------------------------------------------

    def requires(self, code: str) -> tuple[str, ...]:
        """The codes ``code`` requires directly (hard requirements)."""
        try:
            return self._requires[code]
        except KeyError:
            raise ModuleNotFound(code, known=self.order) from None

    def load_after(self, code: str) -> tuple[str, ...]:
        """The codes ``code`` loads after: hard requirements and present optional ones."""
        self.get(code)
        return self._edges[code]

    def direct_dependents(self, code: str) -> tuple[str, ...]:
        """The codes that require ``code`` directly, in load order."""
        key = ("direct", code)
        cached = self._lazy.get(key)
        if cached is None:
            self.get(code)
            cached = self._lazy[key] = self.in_load_order(self._dependents[code])
        return cached

    def dependencies(self, code: str) -> frozenset[str]:
        """Every code ``code`` requires, transitively (enabling it enables these)."""
        return self._closure("down", code)

    def dependents(self, code: str) -> frozenset[str]:
        """Every code that requires ``code``, transitively (disabling it disables these)."""
        return self._closure("up", code)

    def dependency_closure(self, codes: Iterable[str]) -> frozenset[str]:
        """``codes`` together with everything they require, transitively."""
        return frozenset(self._walk(self._requires, codes))

    def dependent_closure(self, codes: Iterable[str]) -> frozenset[str]:
        """``codes`` together with everything that requires them, transitively."""
        return frozenset(self._walk(self._dependents, codes))

    def position(self, code: str) -> int:
        """Where ``code`` stands in the load order, from 0. Raises ModuleNotFound."""
        try:
            return self._position()[code]
        except KeyError:
            raise ModuleNotFound(code, known=self.order) from None

    def in_load_order(self, codes: Iterable[str]) -> tuple[str, ...]:
        """``codes`` sorted into load order (reverse it for shutdown order)."""
        position = self._position()
        codes = set(codes)  # may be a one-shot iterator
        for code in codes:
            if code not in position:
                raise ModuleNotFound(code, known=self.order)
        return tuple(sorted(codes, key=position.__getitem__))

    def _closure(self, direction: str, code: str) -> frozenset[str]:
        key = (direction, code)
        cached = self._lazy.get(key)
        if cached is None:
            links = self._requires if direction == "down" else self._dependents
            cached = self._lazy[key] = frozenset(self._walk(links, (code,))) - {code}
        return cached

    def _walk(self, links: Mapping[str, Sequence[str]], start: Iterable[str]) -> set[str]:
        seen: set[str] = set()
        pending = list(start)
        while pending:
            code = pending.pop()
            if code in seen:
                continue
            if code not in self._by_code:
                raise ModuleNotFound(code, known=self.order)
            seen.add(code)
            pending.extend(links[code])
        return seen
