"""Field-by-field validation of a ``ModuleDefinition``, collecting every problem."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from modstack.errors import DefinitionError, ModstackError, ModuleTreeError
from modstack.naming import CODE_RULE, is_valid_module_code
from modstack.parts import PATH_PARTS, ModulePaths, Tier
from modstack.requirement import Requirement, is_valid_code, parse_requirement, parse_version
from modstack.types import HookRef

RESERVED_CODE = "modstack"
"""No module may take this code: its admin API would be modstack's own."""


class FieldChecker:
    """Validates fields one by one, keeping every problem for a single raise at the end."""

    def __init__(self, module: str | None, file: str | None) -> None:
        self.module = module
        self.file = file
        self.problems: list[ModstackError] = []

    def fail(self, field: str, value: object, reason: str) -> None:
        self.problems.append(
            DefinitionError(
                module=self.module, field=field, value=value, reason=reason, file=self.file
            )
        )

    def done(self) -> None:
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise ModuleTreeError(self.problems)

    def code(self, value: object) -> str:
        if not is_valid_module_code(value):
            self.fail("code", value, f"expected {CODE_RULE}")
            return str(value)
        if value == RESERVED_CODE:
            self.fail("code", value, "is reserved: modstack's own admin API is "
                      "<api prefix>/admin/modstack, where this module's admin API would be; "
                      "choose another code")  # fmt: skip
        return value

    def text(self, field: str, value: object) -> str:
        if not isinstance(value, str):
            self.fail(field, value, f"expected a string, got {type(value).__name__}")
            return str(value)
        return value

    def version(self, value: object) -> str:
        try:
            if not isinstance(value, str):
                raise ValueError(f"expected a string such as '1.0.0', got {type(value).__name__}")
            parse_version(value)
        except ValueError as error:
            self.fail("version", value, str(error))
            return str(value)
        return value

    def tier(self, tier: object, is_core: object, is_internal: object) -> Tier:
        if is_core and is_internal:
            self.fail("is_internal", is_internal, "a module cannot be both core and internal")
        implied = Tier.CORE if is_core else Tier.INTERNAL if is_internal else None
        if tier is None:
            return implied or Tier.OPTIONAL
        try:
            chosen = Tier(str(tier.value if isinstance(tier, enum.Enum) else tier))
        except ValueError:
            self.fail("tier", tier, "expected one of 'core', 'optional', 'internal'")
            return Tier.OPTIONAL
        if implied is not None and implied is not chosen:
            self.fail("tier", tier, f"contradicts is_core={is_core!r}, is_internal={is_internal!r}")
        return chosen

    def strings(self, field: str, value: object) -> list[str] | None:
        if isinstance(value, str | bytes) or not isinstance(value, Iterable):
            self.fail(field, value, "expected a list of strings")
            return None
        items = list(value)
        for item in items:
            if not isinstance(item, str):
                self.fail(field, value, f"expected strings, found {type(item).__name__} {item!r}")
                return None
        return items

    def requirements(self, field: str, value: object) -> tuple[Requirement, ...]:
        parsed: list[Requirement] = []
        for text in self.strings(field, value) or ():
            try:
                requirement = parse_requirement(text)
            except ValueError as error:
                self.fail(field, text, str(error))
                continue
            if requirement.code == self.module:
                self.fail(field, text, "a module cannot require itself")
            elif any(r.code == requirement.code for r in parsed):
                self.fail(field, text, f"{requirement.code!r} is listed twice")
            else:
                parsed.append(requirement)
        return tuple(parsed)

    def no_overlap(self, hard: tuple[Requirement, ...], soft: tuple[Requirement, ...]) -> None:
        both = sorted({r.code for r in hard} & {r.code for r in soft})
        if both:
            self.fail("optional_requires", both, "already listed in 'requires'; keep one")

    def codes(self, field: str, value: object) -> tuple[str, ...]:
        items = self.strings(field, value) or []
        for item in items:
            if not is_valid_code(item):
                self.fail(field, item, "expected a lower-case slug")
        return tuple(dict.fromkeys(items))

    def menu_items(self, value: object) -> Mapping[str, tuple[str, ...]]:
        result: dict[str, tuple[str, ...]] = {}
        for key, items in self.mapping("menu_items", value).items():
            frontend = key.value if isinstance(key, enum.Enum) else key
            if not isinstance(frontend, str):
                self.fail("menu_items", key, "expected a frontend name such as 'admin' or 'vendor'")
                continue
            result[frontend.lower()] = tuple(self.strings(f"menu_items[{frontend!r}]", items) or ())
        return MappingProxyType(result)

    def permissions(self, value: object) -> Mapping[str, frozenset[str]]:
        result: dict[str, frozenset[str]] = {}
        for role, codes in self.mapping("permissions", value).items():
            if not isinstance(role, str):
                self.fail("permissions", role, "expected a role name")
                continue
            result[role] = frozenset(self.strings(f"permissions[{role!r}]", codes) or ())
        return MappingProxyType(result)

    def mapping(self, field: str, value: object) -> Mapping[Any, Any]:
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(field, value, f"expected a mapping, got {type(value).__name__}")
            return {}
        return value

    def hook(self, field: str, value: object) -> HookRef | None:
        if value is None or callable(value):
            return value
        if isinstance(value, str) and value.count(":") == 1 and all(value.split(":")):
            return value
        self.fail(field, value, "expected a callable or a 'package.module:function' string")
        return None

    def subscriptions(self, value: object) -> Mapping[str, tuple[HookRef, ...]]:
        result: dict[str, tuple[HookRef, ...]] = {}
        for event, handlers in self.mapping("subscriptions", value).items():
            if not isinstance(event, str | type):
                self.fail("subscriptions", event, "expected an event name or event class")
                continue
            name = event if isinstance(event, str) else f"{event.__module__}.{event.__qualname__}"
            many = handlers if isinstance(handlers, list | tuple) else (handlers,)
            checked = (self.hook(f"subscriptions[{name!r}]", h) for h in many)
            result[name] = tuple(h for h in checked if h is not None)
        return MappingProxyType(result)

    def paths(
        self, paths: object, seed_paths: dict[str, Any], keywords: Sequence[str] = ()
    ) -> ModulePaths:
        if paths is not None and not isinstance(paths, ModulePaths):
            self.fail("paths", paths, "expected a ModulePaths")
            paths = None
        overrides: dict[str, str] = {}
        for key, value in seed_paths.items():
            part = key.removesuffix("_path")
            if key == "is_self_contained":
                continue  # the seed's marker; every modstack module is self-contained
            if not key.endswith("_path") or part not in PATH_PARTS:
                close = difflib.get_close_matches(key, keywords, n=1)
                hint = f"did you mean {close[0]!r}?" if close else "see ModuleDefinition's fields"
                self.fail(key, value, f"unknown field; {hint}")
            elif not isinstance(value, str):
                self.fail(key, value, "expected a path string")
            else:
                overrides[part] = self._relative(value)
        base = paths if isinstance(paths, ModulePaths) else ModulePaths()
        return ModulePaths(**{**{n: getattr(base, n) for n in PATH_PARTS}, **overrides})

    def _relative(self, value: str) -> str:
        # The seed writes dotted paths ("app.modules.billing.services"); keep what follows the code.
        if "/" not in value and "." in value and not value.endswith(".py"):
            parts = value.split(".")
            names = {self.module, (self.module or "").replace("-", "_")}
            tail = next((parts[i + 1 :] for i, p in enumerate(parts) if p in names), parts)
            return "/".join(tail)
        return value

    def implementation(self, value: object) -> type | None:
        if value is not None and not isinstance(value, type):
            self.fail("implementation", value, "expected a class")
            return None
        return value
