"""What :func:`modstack.settings.load_settings` says about invalid ``MODSTACK_*`` values:
one line per setting naming where the value was written (the environment, ``.env``, an
app's own configuration), the value (never a secret's, nor a password in a URL) and the
rule it breaks."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from modstack.errors import ModstackError

SECRET_FIELDS = frozenset(
    {"admin_token", "viewer_token", "secret_key", "database_url", "redis_url", "tasks_broker_url"}
)
"""Settings whose values an error never shows (tokens, and URLs that carry passwords)."""

_CREDENTIALS = re.compile(r"(://)[^/@\s]+@")


class InvalidSettingsError(ModstackError, ValueError):
    """modstack's own settings (``MODSTACK_*``) hold values they refuse: every problem is
    listed, each naming the setting, where its value was written, and what it takes."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        listing = "\n".join(f"  - {problem}" for problem in self.problems)
        plural = "s" if count != 1 else ""
        super().__init__(f"{count} invalid modstack setting{plural}:\n{listing}")


WrittenAs = Callable[[str], str] | None


def problem(
    item: Mapping[str, Any], given: Mapping[str, Any], written_as: WrittenAs, dotenv: bool = False
) -> str:
    """One line for pydantic's error ``item``: ``<where> = <value>: <rule>``. ``given``
    holds the values passed in code (``written_as`` names where), ``dotenv`` says the
    value was read from ``.env`` even if the environment has the name."""
    field = str(item["loc"][0]) if item["loc"] else ""
    variable = f"MODSTACK_{field.upper()}"
    if field in given:
        origin = written_as(field) if written_as else f"{field}="
    elif not dotenv and any(name.upper() == variable for name in os.environ):
        origin = f"environment variable {variable}"
    else:
        origin = f"{variable} in {Path('.env').resolve()}"
    return f"{origin} = {_shown(field, item.get('input'))}: {_reason(item)}"


def not_json(message: str, given: Mapping[str, Any], written_as: WrittenAs) -> str:
    """The line for pydantic-settings' ``error parsing value for field "<name>" from
    source "<source>"``: a list or dict setting that is not JSON."""
    field = _found(r'field "(\w+)"', message)
    variable = f"MODSTACK_{field.upper()}"
    dotenv = _found(r'source "(\w+)"', message) == "DotEnvSettingsSource"
    if dotenv:
        values = dotenv_values(".env")
        value = next((v for k, v in values.items() if k.upper() == variable), None)
    else:
        value = next((v for k, v in os.environ.items() if k.upper() == variable), None)
    item = {"loc": (field,), "input": value, "msg": 'not JSON (write a list as ["metrics"])'}
    return problem(item, given, written_as, dotenv=dotenv)


def _shown(field: str, value: Any) -> str:
    if not field or field in SECRET_FIELDS:
        return "(hidden)"
    return _CREDENTIALS.sub(r"\1***@", repr(value))  # a URL pasted into the wrong name


def _reason(item: Mapping[str, Any]) -> str:
    return str(item["msg"]).removeprefix("Value error, ")


def _found(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    return found.group(1) if found else ""
