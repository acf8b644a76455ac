"""``ModuleDefinition``: the frozen description of one module (DESIGN §2)."""

from __future__ import annotations

import inspect
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from packaging.version import Version

from modstack.definition_check import FieldChecker
from modstack.parts import HOOK_NAMES, PATH_PARTS, ModulePaths, Tier
from modstack.requirement import Requirement, parse_version
from modstack.types import HookRef

__all__ = ["HOOK_NAMES", "PATH_PARTS", "ModuleDefinition", "ModulePaths", "Tier"]


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
        "import_name",
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
    import_name: str | None
    """The dotted name of the Python module that made the definition."""
    requires_codes: tuple[str, ...]
    """The codes in ``requires``, in the order written."""
    _has_ranges: bool

    if TYPE_CHECKING:  # the closed signature: mypy flags a misspelt keyword

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
            import_name: str | None = None,
            is_core: bool | None = None,
            is_internal: bool | None = None,
            config_path: str | None = None,
            exceptions_path: str | None = None,
            services_path: str | None = None,
            models_path: str | None = None,
            schemas_path: str | None = None,
            routes_path: str | None = None,
            templates_path: str | None = None,
            static_path: str | None = None,
            locales_path: str | None = None,
            tasks_path: str | None = None,
            migrations_path: str | None = None,
            is_self_contained: bool | None = None,
        ) -> None: ...

    else:  # at run time, a misspelt keyword gets a DefinitionError with a suggestion

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
            import_name: str | None = None,
            is_core: bool | None = None,
            is_internal: bool | None = None,
            **seed_paths: Any,
        ) -> None:
            where = source
            if source is None:
                caller = sys._getframe(1)
                source = caller.f_code.co_filename
                import_name = import_name or caller.f_globals.get("__name__")
                where = f"{source}:{caller.f_lineno}"
            check = FieldChecker(code if isinstance(code, str) else None, where)
            put = object.__setattr__
            put(self, "source", source)
            put(self, "import_name", import_name)
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
            put(
                self,
                "optional_requires",
                check.requirements("optional_requires", optional_requires),
            )
            check.no_overlap(requires_, self.optional_requires)
            put(self, "features", check.codes("features", features))
            put(self, "menu_items", check.menu_items(menu_items))
            put(self, "permissions", check.permissions(permissions))
            for hook, value in zip(
                HOOK_NAMES,
                (on_startup, on_shutdown, on_enable, on_disable, health_check),
                strict=True,
            ):
                put(self, hook, check.hook(hook, value))
            put(self, "subscriptions", check.subscriptions(subscriptions))
            put(self, "paths", check.paths(paths, seed_paths, KEYWORDS))
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
    def package(self) -> str | None:
        """The module's Python package (``app.modules.billing``): where its routes,
        services and config live. None when the definition was not imported from a file."""
        name = self.import_name
        if not name or name == "__main__":
            return None
        return name.removesuffix(".definition")

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


KEYWORDS: tuple[str, ...] = (
    *(n for n in inspect.signature(ModuleDefinition.__init__).parameters if n != "self"
      and n != "seed_paths" and n != "code"),
    *(f"{part}_path" for part in PATH_PARTS),
    "is_self_contained",
)  # fmt: skip
"""Every keyword ``ModuleDefinition`` takes (what a misspelt one is compared with)."""
