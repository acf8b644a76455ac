"""A module's settings: its ``config.py`` (a pydantic-settings class), loaded with the
environment prefix ``<CODE>_`` unless the class sets its own."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType
from typing import Any

from pydantic import ValidationError
from pydantic_settings import BaseSettings

from modstack.definition import ModuleDefinition
from modstack.errors import ModuleConfigError


def env_prefix(code: str) -> str:
    """``dev-tools`` -> ``DEV_TOOLS_``."""
    return code.upper().replace("-", "_") + "_"


def load_module_config(definition: ModuleDefinition) -> BaseSettings | None:
    """Instantiate the module's settings class, or return None when it has no config.py.

    Raises ModuleConfigError naming every invalid field, and ImportError (or whatever
    the file raises) when config.py cannot be imported.
    """
    path = definition.path_of("config")
    if path is None or not path.is_file() or definition.package is None:
        return None
    name = f"{definition.package}.{definition.paths.config.removesuffix('.py').replace('/', '.')}"
    prefix = env_prefix(definition.code)
    try:
        module = importlib.import_module(name)
        settings_class = _settings_class(module)
        if settings_class is None:
            return None
        settings_class = _with_prefix(settings_class, definition.code)
        prefix = str(settings_class.model_config.get("env_prefix", ""))
        return settings_class()
    except ValidationError as error:  # raised here, or at import by `config = Cls()`
        fields = _fields(error, prefix)
        raise ModuleConfigError(module=definition.code, file=str(path), fields=fields) from None


def settings_class_of(definition: ModuleDefinition) -> type[BaseSettings] | None:
    """The settings class in a module's ``config.py`` (its ``config_class``, its
    ``config`` instance's class, or its only BaseSettings subclass), or None."""
    path = definition.path_of("config")
    if path is None or not path.is_file() or definition.package is None:
        return None
    name = f"{definition.package}.{definition.paths.config.removesuffix('.py').replace('/', '.')}"
    return _settings_class(importlib.import_module(name))


def _settings_class(module: ModuleType) -> type[BaseSettings] | None:
    exported = getattr(module, "config_class", None)
    if isinstance(exported, type) and issubclass(exported, BaseSettings):
        return exported
    instance = getattr(module, "config", None)
    if isinstance(instance, BaseSettings):
        return type(instance)
    own = [
        value
        for value in vars(module).values()
        if inspect.isclass(value)
        and issubclass(value, BaseSettings)
        and value is not BaseSettings
        and value.__module__ == module.__name__
    ]
    return own[0] if len(own) == 1 else None


def _with_prefix(settings_class: type[BaseSettings], code: str) -> type[BaseSettings]:
    if settings_class.model_config.get("env_prefix"):
        return settings_class
    config: Any = {**settings_class.model_config, "env_prefix": env_prefix(code)}
    return type(settings_class.__name__, (settings_class,), {"model_config": config})


def _fields(error: ValidationError, prefix: str) -> list[str]:
    problems = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(settings)"
        variable = f"{prefix}{field}".upper()
        if item["type"] == "missing":
            problems.append(f"{field}: required; set {variable}")
        else:
            problems.append(f"{field}: {item['msg']} (got {item.get('input')!r} from {variable})")
    return problems
