"""The seeds' class-based declaration styles, turned into :class:`ModuleDefinition`.

Django seed::

    @module(name="wallets", version="1.0.0", description="...", dependencies=["accounts"])
    @dependency("notifications", required=False)
    class WalletsModule(BaseModule): ...

Flask seed::

    class WalletModule(BaseModule):
        NAME = "wallet_module"
        DEPENDENCIES = ["connection_api", "user_management"]

Discovery calls :func:`definition_from_class`; nothing downstream knows which style a
module was written in. The class itself travels as ``definition.implementation`` for the
runtime to instantiate.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from modstack.definition import ModuleDefinition

C = TypeVar("C", bound=type)

_MODULE_ATTR = "__modstack_module__"
_DEPENDENCY_ATTR = "__modstack_dependencies__"


class BaseModule:
    """Base class for class-style modules (the Flask and Django seeds' ``BaseModule``).

    Subclasses set ``NAME`` (the code) and ``DEPENDENCIES``, or use :func:`module`.
    Every method has a working default, so a subclass overrides only what it needs.
    """

    NAME: ClassVar[str | None] = None
    DEPENDENCIES: ClassVar[Iterable[str]] = ()
    OPTIONAL_DEPENDENCIES: ClassVar[Iterable[str]] = ()
    VERSION: ClassVar[str] = "1.0.0"
    DESCRIPTION: ClassVar[str] = ""
    TIER: ClassVar[str | None] = None

    def initialize(self, app_manager: Any = None) -> bool:
        """Prepare the module; return False to report a failed start."""
        return True

    def register_routes(self, app: Any) -> None:
        """Attach the module's routes to ``app`` (Flask seed)."""

    def cleanup(self) -> bool:
        """Release what :meth:`initialize` acquired (Django seed)."""
        return True

    def health_check(self) -> dict[str, Any]:
        """Report the module's health as a dict with at least ``status``."""
        return {"status": "healthy", "module": type(self).NAME}


def module(
    *,
    name: str,
    version: str = "1.0.0",
    description: str = "",
    dependencies: Iterable[str] = (),
    **fields: Any,
) -> Callable[[C], C]:
    """Declare a class as a module, Django-seed style. ``name`` is the module's code;
    extra keywords are :class:`ModuleDefinition` fields (``tier``, ``features`` ...)."""

    def mark(cls: C) -> C:
        setattr(
            cls,
            _MODULE_ATTR,
            {"code": name, "version": version, "description": description,
             "requires": list(dependencies), **fields},
        )  # fmt: skip
        return cls

    return mark


def dependency(code: str, *, required: bool = True) -> Callable[[C], C]:
    """Add one dependency to a class-style module; ``required=False`` makes it optional."""

    def mark(cls: C) -> C:
        own = list(cls.__dict__.get(_DEPENDENCY_ATTR, ()))
        setattr(cls, _DEPENDENCY_ATTR, [(code, required), *own])
        return cls

    return mark


def is_module_class(value: object) -> bool:
    """Tell whether ``value`` is a class declared in either class-based style."""
    if not isinstance(value, type):
        return False
    if _MODULE_ATTR in value.__dict__:
        return True
    return issubclass(value, BaseModule) and value is not BaseModule and bool(value.NAME)


def definition_from_class(cls: type) -> ModuleDefinition:
    """Build the :class:`ModuleDefinition` a class-style module declares.

    Raises DefinitionError (or ModuleTreeError) exactly as a native definition would.
    """
    declared: dict[str, Any] = dict(cls.__dict__.get(_MODULE_ATTR, {}))
    if not declared:
        declared = {
            "code": getattr(cls, "NAME", None),
            "version": getattr(cls, "VERSION", "1.0.0"),
            "description": getattr(cls, "DESCRIPTION", "") or (inspect.getdoc(cls) or ""),
            "requires": list(getattr(cls, "DEPENDENCIES", ())),
            "optional_requires": list(getattr(cls, "OPTIONAL_DEPENDENCIES", ())),
            "tier": getattr(cls, "TIER", None),
        }
    requires = list(declared.pop("requires", ()))
    optional = list(declared.pop("optional_requires", ()))
    for code, required in cls.__dict__.get(_DEPENDENCY_ATTR, ()):
        (requires if required else optional).append(code)
    try:
        source = inspect.getsourcefile(cls)
    except TypeError:
        source = None
    code = declared.pop("code")
    return ModuleDefinition(
        code,
        requires=list(dict.fromkeys(requires)),
        optional_requires=[c for c in dict.fromkeys(optional) if c not in requires],
        implementation=cls,
        source=source or f"<class {cls.__module__}.{cls.__qualname__}>",
        import_name=cls.__module__,
        **declared,
    )
