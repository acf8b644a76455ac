"""``ModuleDefinition``: the frozen description of one module (DESIGN §2)."""

from __future__ import annotations

import enum
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any, NoReturn

from packaging.version import Version

from modstack.errors import DefinitionError, ModstackError, ModuleTreeError
from modstack.requirement import Requirement, is_valid_code, parse_requirement, parse_version
from modstack.types import HookRef

HOOK_NAMES = ("on_startup", "on_shutdown", "on_enable", "on_disable", "health_check")


class Tier(enum.StrEnum):
    """How a module may be switched: always on, per tenant, or by admins only."""

    CORE = "core"
    OPTIONAL = "optional"
    INTERNAL = "internal"


@dataclass(frozen=True, slots=True)
class ModulePaths:
    """Where a module keeps each part, relative to its folder (defaults: DESIGN §2)."""

    config: str = "config.py"
    exceptions: str = "exceptions.py"
    services: str = "services"
    models: str = "models"
    schemas: str = "schemas"
    routes: str = "routes"
    templates: str = "templates"
    static: str = "static"
    locales: str = "locales"
    tasks: str = "tasks"
    migrations: str = "migrations/versions"


PATH_PARTS = tuple(f.name for f in fields(ModulePaths))


class ModuleDefinition:
    """Everything modstack knows about one module before it runs; frozen once built.

    Only ``code`` is required. ``requires`` and ``optional_requires`` take codes with an
    optional PEP 440 range (``"payments>=1.2,<2"``). The Wizamart seed's ``is_core`` /
    ``is_internal`` and ``*_path`` keywords are accepted and folded into ``tier`` and
    ``paths``. Hooks are callables or ``"package.module:function"`` strings.

    Raises DefinitionError naming the module, field, value and file when one field is
    invalid, or ModuleTreeError holding one DefinitionError per field when several are.
    """

    __slots__ = (
        "_has_ranges",
        "code",
        "description",
        "features",
        "health_check",
        "implementation",
        "menu_items",
        "name",
        "on_disable",
        "on_enable",
        "on_shutdown",
        "on_startup",
        "optional_requires",
        "paths",
        "permissions",
        "requires",
        "requires_codes",
        "source",
        "subscriptions",
        "tier",
        "version",
    )  # fmt: skip

    code: str
    name: str
    description: str
    version: str
    tier: Tier
    requires: tuple[Requirement, ...]
    optional_requires: tuple[Requirement, ...]
    features: tuple[str, ...]
    menu_items: Mapping[str, tuple[str, ...]]
    permissions: Mapping[str, frozenset[str]]
    on_startup: HookRef | None
    on_shutdown: HookRef | None
    on_enable: HookRef | None
    on_disable: HookRef | None
    health_check: HookRef | None
    subscriptions: Mapping[str, tuple[HookRef, ...]]
    paths: ModulePaths
    implementation: type | None
    source: str | None
    requires_codes: tuple[str, ...]
    """The codes in ``requires``, in the order written."""
    _has_ranges: bool

    def __init__(
        self,
        code: str,
        *,
        name: str | None = None,
        description: str = "",
        version: str = "1.0.0",
        tier: Tier | str | None = None,
        requires: Iterable[str] = (),
        optional_requires: Iterable[str] = (),
        features: Iterable[str] = (),
        menu_items: Mapping[Any, Iterable[str]] | None = None,
        permissions: Mapping[str, Iterable[str]] | None = None,
        on_startup: HookRef | None = None,
        on_shutdown: HookRef | None = None,
        on_enable: HookRef | None = None,
        on_disable: HookRef | None = None,
        health_check: HookRef | None = None,
        subscriptions: Mapping[str, HookRef | Iterable[HookRef]] | None = None,
        paths: ModulePaths | None = None,
        implementation: type | None = None,
        source: str | None = None,
        is_core: bool | None = None,
        is_internal: bool | None = None,
        **seed_paths: Any,
    ) -> None:
        where = source
        if source is None:
            caller = sys._getframe(1)
            source = caller.f_code.co_filename
            where = f"{source}:{caller.f_lineno}"
        check = _Checker(code if isinstance(code, str) else None, where)
        put = object.__setattr__
        put(self, "source", source)
        put(self, "code", check.code(code))
        default_name = self.code.replace("-", " ").title()
        put(self, "name", check.text("name", default_name if name is None else name))
        put(self, "description", check.text("description", description))
        put(self, "version", check.version(version))
        put(self, "tier", check.tier(tier, is_core, is_internal))
        requires_ = check.requirements("requires", requires)
        put(self, "requires", requires_)
        put(self, "requires_codes", tuple(r.code for r in requires_))
        put(self, "_has_ranges", any(r.specifier is not None for r in requires_))
        put(self, "optional_requires", check.requirements("optional_requires", optional_requires))
        check.no_overlap(requires_, self.optional_requires)
        put(self, "features", check.codes("features", features))
        put(self, "menu_items", check.menu_items(menu_items))
        put(self, "permissions", check.permissions(permissions))
        for hook, value in zip(
            HOOK_NAMES, (on_startup, on_shutdown, on_enable, on_disable, health_check), strict=True
        ):
            put(self, hook, check.hook(hook, value))
        put(self, "subscriptions", check.subscriptions(subscriptions))
        put(self, "paths", check.paths(paths, seed_paths))
        put(self, "implementation", check.implementation(implementation))
        check.done()

    # -- derived views -------------------------------------------------------------------

    @property
    def is_core(self) -> bool:
        """True for modules that are always enabled."""
        return self.tier is Tier.CORE

    @property
    def is_internal(self) -> bool:
        """True for admin-only modules."""
        return self.tier is Tier.INTERNAL

    @property
    def is_optional(self) -> bool:
        """True for modules switched on and off per tenant."""
        return self.tier is Tier.OPTIONAL

    @property
    def parsed_version(self) -> Version:
        """The version as a comparable :class:`packaging.version.Version`."""
        return parse_version(self.version)

    @property
    def root(self) -> Path | None:
        """The module's folder: the directory of the file that defined it."""
        return Path(self.source).parent if self.source and self.source[0] != "<" else None

    def path_of(self, part: str) -> Path | None:
        """Return where ``part`` (a :class:`ModulePaths` field) lives on disk, if the
        module has a folder. Raises KeyError for an unknown part."""
        if part not in PATH_PARTS:
            raise KeyError(f"{part!r} is not a module part; choose one of {', '.join(PATH_PARTS)}")
        root = self.root
        return None if root is None else root / getattr(self.paths, part)

    # -- value semantics -----------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ModuleDefinition):
            return NotImplemented
        return all(getattr(self, slot) == getattr(other, slot) for slot in self.__slots__)

    def __hash__(self) -> int:
        return hash((self.code, self.version, self.source))

    def __repr__(self) -> str:
        tier = self.tier.value
        return f"ModuleDefinition(code={self.code!r}, version={self.version!r}, tier={tier!r})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"ModuleDefinition {self.code!r} is frozen; cannot set {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"ModuleDefinition {self.code!r} is frozen; cannot delete {name!r}")


class _Checker:
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
        if not isinstance(value, str) or not is_valid_code(value):
            self.fail("code", value, "expected a lower-case slug such as 'billing' or 'dev-tools'")
            return str(value)
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

    def paths(self, paths: object, seed_paths: dict[str, Any]) -> ModulePaths:
        if paths is not None and not isinstance(paths, ModulePaths):
            self.fail("paths", paths, "expected a ModulePaths")
            paths = None
        overrides: dict[str, str] = {}
        for key, value in seed_paths.items():
            part = key.removesuffix("_path")
            if key == "is_self_contained":
                continue  # the seed's marker; every modstack module is self-contained
            if not key.endswith("_path") or part not in PATH_PARTS:
                self.fail(key, value, "unknown field; see ModuleDefinition's documentation")
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
