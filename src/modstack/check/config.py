"""``[tool.modstack.check]`` in ``pyproject.toml``: legacy locations, public parts,
languages and suppressions. Every key is checked; a typo is an error, not a no-op."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modstack.check.rules import RULES
from modstack.errors import ModstackError

LEGACY_DEFAULTS: dict[str, tuple[str, ...]] = {
    "legacy_routes": ("app/api/v1",),
    "legacy_services": ("app/services",),
    "legacy_tasks": ("app/tasks",),
    "legacy_schemas": ("models/schema",),
}
PUBLIC_DEFAULT = ("services", "schemas", "exceptions", "events")
_LISTS = (*LEGACY_DEFAULTS, "public", "languages", "ignore")
_TABLES = ("public_parts", "per_module_ignores")


class CheckConfigError(ModstackError, ValueError):
    """``[tool.modstack.check]`` holds a key or value modstack does not understand."""

    def __init__(self, *, file: str, key: str, value: object, reason: str) -> None:
        self.file = file
        self.key = key
        self.value = value
        self.reason = reason
        super().__init__(f"[tool.modstack.check] {key} = {value!r}: {reason} (in {file})")


@dataclass(frozen=True)
class CheckConfig:
    """What the checker is told by the project; defaults are the Wizamart seed's."""

    legacy_routes: tuple[str, ...] = LEGACY_DEFAULTS["legacy_routes"]
    legacy_services: tuple[str, ...] = LEGACY_DEFAULTS["legacy_services"]
    legacy_tasks: tuple[str, ...] = LEGACY_DEFAULTS["legacy_tasks"]
    legacy_schemas: tuple[str, ...] = LEGACY_DEFAULTS["legacy_schemas"]
    public: tuple[str, ...] = PUBLIC_DEFAULT
    """The parts of a module other modules may import."""
    public_parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Per module code: its public parts, replacing ``public``."""
    languages: tuple[str, ...] = ()
    """Locale files every module's ``locales/`` needs; empty: every language the tree uses."""
    ignore: tuple[str, ...] = ()
    """Rules silenced everywhere."""
    per_module_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Rules silenced for one module, by code."""
    root: Path | None = None
    """Where legacy locations are looked for: the folder of the pyproject.toml read."""
    source: str | None = None
    """The pyproject.toml this came from, if any."""

    def public_of(self, code: str) -> tuple[str, ...]:
        """The public parts of module ``code``."""
        return self.public_parts.get(code, self.public)


def find_pyproject(*starts: Path) -> Path | None:
    """The nearest ``pyproject.toml`` above the first start that has one."""
    for start in starts:
        here = start.resolve()
        for folder in (here, *here.parents):
            if (folder / "pyproject.toml").is_file():
                return folder / "pyproject.toml"
    return None


def load_config(pyproject: Path | None) -> CheckConfig:
    """Read ``[tool.modstack.check]`` from ``pyproject`` (defaults when absent).

    Raises CheckConfigError naming the key, the value and the file."""
    if pyproject is None:
        return CheckConfig()
    file = str(pyproject)
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise CheckConfigError(file=file, key="", value=None, reason=str(error)) from None
    table = data.get("tool", {}).get("modstack", {}).get("check", {})
    if not isinstance(table, dict):
        raise CheckConfigError(file=file, key="", value=table, reason="expected a table")
    values: dict[str, Any] = {"root": pyproject.parent, "source": file}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        if key in _LISTS:
            values[key] = _strings(file, raw_key, value)
        elif key in _TABLES:
            if not isinstance(value, dict):
                raise CheckConfigError(
                    file=file,
                    key=raw_key,
                    value=value,
                    reason="expected a table of module code = [list]",
                )
            values[key] = {str(k): _strings(file, f"{raw_key}.{k}", v) for k, v in value.items()}
        else:
            known = ", ".join((*_LISTS, *_TABLES))
            raise CheckConfigError(
                file=file, key=raw_key, value=value, reason=f"unknown key; known keys: {known}"
            )
    silenced = [("ignore", values.get("ignore", ()))] + [
        (f"per_module_ignores.{code}", ids)
        for code, ids in values.get("per_module_ignores", {}).items()
    ]
    for key, ids in silenced:
        for rule_id in ids:
            if rule_id not in RULES:
                raise CheckConfigError(
                    file=file,
                    key=key,
                    value=rule_id,
                    reason=f"no such rule; rules are {', '.join(RULES)}",
                )
    return CheckConfig(**values)


def _strings(file: str, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CheckConfigError(
            file=file, key=key, value=value, reason="expected a list of non-empty strings"
        )
    return tuple(value)
