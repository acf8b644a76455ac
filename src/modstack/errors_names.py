"""Errors of names checked before they reach the database: a tenant name or a module
code that breaks its rule (characters, length)."""

from __future__ import annotations

from modstack.errors_base import ModstackError
from modstack.errors_tenancy import TenantNotFound
from modstack.errors_tree import ModuleNotFound


def _shown(value: object, limit: int = 60) -> str:
    """``repr(value)``, cut short for very long values (the length is kept)."""
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f" ({len(value)} characters)" if isinstance(value, str) else ""
    return f"{text[:limit]}...{size}"


class InvalidNameError(ModstackError, ValueError):
    """A tenant name or module code breaks its rule (characters, length); checked before
    it reaches the database. ``field`` says which name, ``rule`` what it must be."""

    def __init__(self, *, field: str, value: object, rule: str) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        # Not super(): in the subclasses below, the next class is TenantNotFound or
        # ModuleNotFound, whose own messages would wrap this one.
        ModstackError.__init__(self, f"{field} {_shown(value)} is invalid: {rule}")


class InvalidTenantNameError(InvalidNameError, TenantNotFound):
    """A tenant name no tenant can have; also a TenantNotFound, so every caller that
    refuses an unknown tenant refuses it the same way."""

    def __init__(self, value: object, rule: str) -> None:
        self.tenant = str(value)
        InvalidNameError.__init__(self, field="tenant name", value=value, rule=rule)


class InvalidModuleCodeError(InvalidNameError, ModuleNotFound):
    """A module code no module can have; also a ModuleNotFound."""

    def __init__(self, value: object, rule: str) -> None:
        self.code = str(value)
        self.suggestions: tuple[str, ...] = ()
        InvalidNameError.__init__(self, field="module code", value=value, rule=rule)
