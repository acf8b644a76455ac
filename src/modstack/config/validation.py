"""Checking a module's setting values, every problem together: its settings class
validates them (pydantic), then the rules on its fields check the fields that are valid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from modstack.config.rules import Rule
from modstack.config.sources import build, plain
from modstack.errors import SettingError


@dataclass(frozen=True, slots=True)
class SettingProblem:
    """One invalid setting: module, field, where its value came from, and why."""

    module: str
    field: str
    source: str
    reason: str

    def __str__(self) -> str:
        return f"module {self.module!r}: {self.field} (from {self.source}): {self.reason}"


def setting_field(module: str, field: str, cls: type[BaseModel] | None) -> Any:
    """The field ``field`` of ``cls``, module ``module``'s settings class. Raises
    SettingError for a module without settings or an unknown field."""
    if cls is None:
        raise SettingError(module=module, field=field, reason="the module has no settings class")
    info = cls.model_fields.get(field)
    if info is None:
        choices = ", ".join(cls.model_fields)
        raise SettingError(
            module=module, field=field, reason=f"no such setting; choices are: {choices}"
        )
    return info


def check_values(
    code: str, cls: type[BaseModel], rules: Mapping[str, Rule], values: Mapping[str, Any]
) -> list[SettingProblem]:
    """Every problem of module ``code``'s ``values``: what its settings class ``cls``
    refuses, then what ``rules`` (by field) refuse of the fields that are valid; in the
    order of the fields."""
    found: list[SettingProblem] = []
    current: dict[str, Any] = {}
    try:
        built = build(cls, values)
        current = {name: getattr(built, name) for name in cls.model_fields}
    except ValidationError as error:
        for item in error.errors():
            field = ".".join(str(part) for part in item["loc"]) or "(settings)"
            reason = "required" if item["type"] == "missing" else item["msg"]
            found.append(SettingProblem(code, field, "", reason))
        current = _valid_fields(cls, values, {p.field for p in found})
    for field, check in rules.items():
        if field in current:
            for reason in check.problems(plain(current[field], include_secrets=True)):
                found.append(SettingProblem(code, field, "", reason))
    return sorted(
        found,
        key=lambda p: list(cls.model_fields).index(p.field) if p.field in cls.model_fields else -1,
    )


def _valid_fields(
    cls: type[BaseModel], values: Mapping[str, Any], broken: set[str]
) -> dict[str, Any]:
    """The fields that validate on their own, so rules still run when others fail."""
    from pydantic import TypeAdapter

    valid = {}
    for name, info in cls.model_fields.items():
        if name in broken:
            continue
        raw = values[name] if name in values else info.get_default(call_default_factory=True)
        try:
            valid[name] = TypeAdapter(info.annotation or Any).validate_python(raw)
        except ValidationError:
            continue
    return valid
