"""The Django seed's extra validation rules: type, required, min_length, max_length,
min_value, max_value, choices — declared on a settings class or added at run time."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule on one field."""

    type: type | None = None
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    min_value: float | None = None
    max_value: float | None = None
    choices: tuple[Any, ...] | None = None

    def problems(self, value: Any) -> list[str]:
        """What is wrong with ``value``: empty when it passes."""
        found: list[str] = []
        if value is None or value == "":
            return ["is required"] if self.required else []
        if self.type is not None and not isinstance(value, self.type):
            found.append(f"must be a {self.type.__name__}, got {type(value).__name__}")
        if (
            self.min_length is not None
            and hasattr(value, "__len__")
            and len(value) < self.min_length
        ):
            found.append(f"must be at least {self.min_length} long")
        if (
            self.max_length is not None
            and hasattr(value, "__len__")
            and len(value) > self.max_length
        ):
            found.append(f"must be at most {self.max_length} long")
        if self.min_value is not None and isinstance(value, int | float) and value < self.min_value:
            found.append(f"must be at least {self.min_value}")
        if self.max_value is not None and isinstance(value, int | float) and value > self.max_value:
            found.append(f"must be at most {self.max_value}")
        if self.choices is not None and value not in self.choices:
            found.append(f"must be one of {', '.join(map(repr, self.choices))}")
        return found


def rule(
    *,
    type: type | None = None,
    required: bool = False,
    min_length: int | None = None,
    max_length: int | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    choices: Iterable[Any] | None = None,
) -> Rule:
    """Build a :class:`Rule` with the seed's keywords."""
    return Rule(type, required, min_length, max_length, min_value, max_value,
                tuple(choices) if choices is not None else None)  # fmt: skip


def declared_rules(settings_class: type) -> dict[str, Rule]:
    """Rules a settings class declares as ``validation_rules = {"field": rule(...)}``."""
    declared = getattr(settings_class, "validation_rules", None)
    return dict(declared) if isinstance(declared, dict) else {}
