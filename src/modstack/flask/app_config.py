"""modstack's settings in a Flask app: the app's ``MODSTACK_*`` config keys over the
``settings=`` given to ``Modstack`` (default: the environment and ``.env``)."""

from __future__ import annotations

from difflib import get_close_matches
from typing import Any

from modstack.settings import InvalidSettingsError, ModstackSettings, load_settings

CONFIG_PREFIX = "MODSTACK_"

ENVIRONMENT_ONLY = frozenset({"url", "import_timeout"})
"""``MODSTACK_*`` names the ``modstack`` command line reads from the environment (the
running app's URL, the discovery subprocess's time limit), not settings of the app."""


def settings_from_config(
    config: dict[str, Any], given: ModstackSettings | None
) -> ModstackSettings:
    """modstack's settings: ``given`` (default: the environment), overridden by the
    app's ``MODSTACK_*`` config keys. Raises InvalidSettingsError naming each unknown key
    and each invalid value, with where it was written."""
    overrides = {
        key[len(CONFIG_PREFIX) :].lower(): value
        for key, value in config.items()
        if key.startswith(CONFIG_PREFIX)
    }
    if not overrides and given is not None:
        return given
    unknown = sorted(set(overrides) - set(ModstackSettings.model_fields))
    if unknown:
        raise InvalidSettingsError([_unknown(key) for key in unknown])

    def written_as(field: str) -> str:
        return _config_key(field) if field in overrides else f"Modstack(settings=...).{field}"

    base = given.model_dump() if given is not None else {}
    return load_settings({**base, **overrides}, written_as=written_as)


def _config_key(field: str) -> str:
    return f"app.config[{CONFIG_PREFIX + field.upper()!r}]"


def _unknown(field: str) -> str:
    if field in ENVIRONMENT_ONLY:
        name = CONFIG_PREFIX + field.upper()
        reader = "is read from the environment by the modstack command line"
        return f"{_config_key(field)}: {name} {reader}; set it there"
    close = get_close_matches(field, ModstackSettings.model_fields, n=1)
    hint = f"; did you mean {_config_key(close[0])}?" if close else ""
    return f"{_config_key(field)}: modstack has no such setting{hint}"
