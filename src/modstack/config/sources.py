"""Where each setting of a module comes from, in order: explicit values (``MODULE_CONFIGS``
and values set at run time) > the environment (``<CODE>_<FIELD>``, or the seed's
``MODULE_<CODE>_<FIELD>``) > the ``.env`` file > the secrets directory > the default."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_origin

from pydantic import BaseModel, SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from modstack.kernel.module_config import env_prefix


@dataclass(frozen=True, slots=True)
class Sourced:
    """One value and where it came from (``default``, ``explicit``, ``database``,
    ``env:NAME``, ``.env:NAME``, ``secrets:PATH``)."""

    value: Any
    source: str


def variable_names(code: str, field: str) -> tuple[str, str]:
    """The two environment names a field is read from: ``BILLING_TIMEOUT`` and the seed's
    ``MODULE_BILLING_TIMEOUT``."""
    prefix = env_prefix(code)
    return f"{prefix}{field}".upper(), f"MODULE_{prefix}{field}".upper()


def gather(
    code: str,
    settings_class: type[BaseModel],
    *,
    explicit: Mapping[str, Any] | None = None,
    explicit_source: str = "explicit",
    environ: Mapping[str, str] | None = None,
    env_file: str | Path | None = ".env",
    secrets_dir: str | Path | None = None,
) -> dict[str, Sourced]:
    """Every field that has a value from some source, with the source that wins."""
    environ = os.environ if environ is None else environ
    dotenv = _dotenv(env_file)
    secrets = Path(secrets_dir) if secrets_dir else None
    found: dict[str, Sourced] = {}
    for name, field in settings_class.model_fields.items():
        if explicit is not None and name in explicit:
            found[name] = Sourced(explicit[name], explicit_source)
            continue
        names = variable_names(code, name)
        for kind, table in (("env", environ), (".env", dotenv)):
            variable = next((n for n in names if n in table), None)
            if variable is not None:
                found[name] = Sourced(_decode(table[variable], field), f"{kind}:{variable}")
                break
        else:
            path = next(
                (secrets / n.lower() for n in names if secrets and (secrets / n.lower()).is_file()),
                None,
            )
            if path is not None:
                found[name] = Sourced(_decode(path.read_text().strip(), field), f"secrets:{path}")
    return found


def build(settings_class: type[BaseModel], values: Mapping[str, Any]) -> BaseModel:
    """An instance from exactly ``values`` (and defaults) — the class's own sources
    (its env prefix, .env, secrets) are not read again. Raises ValidationError."""
    if issubclass(settings_class, BaseSettings):
        return _closed(settings_class)(**values)
    return settings_class.model_validate(dict(values))


def plain(value: Any, *, include_secrets: bool) -> Any:
    """A setting's value as JSON-ready data; secrets masked unless asked for."""
    if isinstance(value, SecretStr):
        return value.get_secret_value() if include_secrets else MASK
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, Path):
        return str(value)
    return value


MASK = "**********"
"""What a secret looks like in an export; refused on import."""


def _decode(raw: str, field: FieldInfo) -> Any:
    # Lists, dicts and models arrive as JSON, as pydantic-settings reads them from env.
    complex_type = get_origin(field.annotation) in (list, dict, set, tuple) or (
        isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel)
    )
    if complex_type:
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


def _dotenv(env_file: str | Path | None) -> dict[str, str]:
    if not env_file or not Path(env_file).is_file():
        return {}
    from dotenv import dotenv_values

    return {k.upper(): v for k, v in dotenv_values(env_file).items() if v is not None}


_CLOSED_CLASSES: dict[type, type] = {}


def _closed(settings_class: type[BaseSettings]) -> type[BaseSettings]:
    found = _CLOSED_CLASSES.get(settings_class)
    if found is None:

        @classmethod  # type: ignore[misc]
        def only_init(cls: Any, settings_cls: Any, init_settings: PydanticBaseSettingsSource,
                      **others: Any) -> tuple[PydanticBaseSettingsSource, ...]:  # fmt: skip
            return (init_settings,)

        found = type(
            settings_class.__name__, (settings_class,), {"settings_customise_sources": only_init}
        )
        _CLOSED_CLASSES[settings_class] = found
    return found
