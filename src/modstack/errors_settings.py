"""Errors of module settings: a settings class rejected its values, a setting cannot take
a value or be set there, settings given in code (``MODULE_CONFIGS``) are wrong."""

from __future__ import annotations

from collections.abc import Sequence

from modstack.errors_base import ModstackError, _where


class ModuleConfigError(ModstackError, ValueError):
    """A module's settings class rejected its values; every bad field is listed."""

    def __init__(self, *, module: str, file: str | None, fields: Sequence[str]) -> None:
        self.module = module
        self.file = file
        self.fields = tuple(fields)
        listing = "; ".join(self.fields)
        super().__init__(f"module {module!r}: invalid settings{_where(file)}: {listing}")


class SettingError(ModstackError, ValueError):
    """A setting was refused: unknown, invalid, not overridable by a tenant, or a masked secret."""

    def __init__(self, *, module: str, field: str, reason: str, source: str | None = None) -> None:
        self.module = module
        self.field = field
        self.reason = reason
        self.source = source
        where = f" (from {source})" if source else ""
        super().__init__(f"module {module!r}: setting {field!r}{where}: {reason}")


class ModuleConfigsError(ModstackError, ValueError):
    """Module settings given in code (the Django seed's ``MODULE_CONFIGS``) name a module
    or a field that does not exist, or hold a value its field refuses; every problem is
    listed, each with where it was written (``settings.MODULE_CONFIGS["billing"]["timeout"]``)."""

    def __init__(self, *, origin: str, problems: Sequence[str]) -> None:
        self.origin = origin
        self.problems = tuple(problems)
        count = len(self.problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in {origin}:\n{listing}")
