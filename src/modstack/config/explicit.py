"""Module settings given in code, by module code: the Django seed's ``MODULE_CONFIGS``.

    build_stack(settings, module_configs={"billing": {"timeout": 5}})

They rank above the environment, ``.env`` and the secrets directory, and below values set
at run time (``set_setting``, the admin API). They are checked when the stack is built,
all at once: a module code or a field that does not exist (a typo is never silent) and a
value its field refuses are a :class:`~modstack.errors.ModuleConfigsError` naming each, as
``settings.MODULE_CONFIGS["billing"]["timeout"]``. A module without a settings class
(no ``config.py``) gets one typed by the values given, as the seed's
``register_module_settings`` makes one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import SecretStr, TypeAdapter, ValidationError, create_model
from pydantic_settings import BaseSettings

from modstack.errors import ModuleConfigsError, _near
from modstack.kernel.module_config import settings_class_of
from modstack.registry import Registry

ModuleValues = Mapping[str, Mapping[str, Any]]
"""Settings by module code, then by field: ``{"billing": {"timeout": 5}}``."""


@dataclass(frozen=True, slots=True)
class ModuleConfigs:
    """Module settings given in code, and the name they were given under (``origin``,
    e.g. ``settings.MODULE_CONFIGS``), which every error and every value's source
    shows."""

    values: Mapping[str, Any] = field(default_factory=dict)
    """By module code, a dict of its fields' values (checked by :meth:`checked`)."""
    origin: str = "module_configs"

    @classmethod
    def of(cls, given: ModuleConfigs | Mapping[str, Any] | None) -> ModuleConfigs:
        """``given`` as ``ModuleConfigs`` (a plain mapping keeps the default origin)."""
        if isinstance(given, ModuleConfigs):
            return given
        return cls({} if given is None else given)

    def checked(self, registry: Registry) -> dict[str, dict[str, Any]]:
        """The values, once every module code, field and value is known good. Raises
        ModuleConfigsError listing every problem."""
        if not isinstance(self.values, Mapping):
            kind = type(self.values).__name__
            raise ModuleConfigsError(
                origin=self.origin,
                problems=[
                    f"{self.origin}: must be a dict of module codes to dicts of their "
                    f"settings, not {kind}"
                ],
            )
        problems: list[str] = []
        checked: dict[str, dict[str, Any]] = {}
        for code, values in self.values.items():
            where = source_label(self.origin, code)
            if not isinstance(code, str) or code not in registry.modules:
                _, hint = _near(str(code), registry.order)
                known = ", ".join(registry.order) or "none"
                problems.append(f"{where}: no module {code!r}{hint} (modules: {known})")
            elif not isinstance(values, Mapping):
                kind = type(values).__name__
                problems.append(
                    f"{where}: module {code!r}: must be a dict of its settings, not {kind}"
                )
            else:
                fields = {str(name): value for name, value in values.items()}
                problems += self._field_problems(registry, code, fields)
                checked[code] = fields
        if problems:
            raise ModuleConfigsError(origin=self.origin, problems=problems)
        return checked

    def _field_problems(
        self, registry: Registry, code: str, values: Mapping[str, Any]
    ) -> list[str]:
        try:
            settings_class = settings_class_of(registry.get(code))
        except Exception:  # noqa: BLE001 - config.py is user code: the module fails at start, saying why
            return []
        if settings_class is None:
            return self._untyped_problems(code, values)
        problems = []
        fields = settings_class.model_fields
        for name, value in values.items():
            where = source_label(self.origin, code, name)
            info = fields.get(name)
            if info is None:
                _, hint = _near(name, fields)
                problems.append(
                    f"{where}: module {code!r} has no setting {name!r}{hint} "
                    f"(settings: {', '.join(fields) or 'none'})"
                )
                continue
            annotation: Any = info.annotation or Any
            typed: Any = Annotated[annotation, *info.metadata] if info.metadata else annotation
            try:
                TypeAdapter(typed).validate_python(value)
            except ValidationError as error:
                reasons = "; ".join(item["msg"] for item in error.errors())
                shown = (
                    f"a value of type {type(value).__name__}"
                    if _is_secret(annotation)
                    else repr(value)
                )
                problems.append(
                    f"{where}: module {code!r}, field {name!r}: {reasons} (got {shown})"
                )
        return problems

    def _untyped_problems(self, code: str, values: Mapping[str, Any]) -> list[str]:
        """A module without ``config.py``: its settings class is made from ``values``."""
        problems = [
            f"{source_label(self.origin, code, name)}: module {code!r}: {name!r} cannot "
            "name a setting (a Python identifier not starting with '_')"
            for name in values
            if not name.isidentifier() or name.startswith("_")
        ]
        if problems:
            return problems
        try:
            settings_class_from(code, values)
        except Exception as error:  # noqa: BLE001 - pydantic refuses some names (model_config ...)
            reason = str(error).splitlines()[0]
            return [f"{source_label(self.origin, code)}: module {code!r}: {reason}"]
        return []


def _is_secret(annotation: Any) -> bool:
    return annotation is SecretStr or SecretStr in getattr(annotation, "__args__", ())


def source_label(origin: str, code: object, field: str | None = None) -> str:
    """Where a value was given: ``settings.MODULE_CONFIGS["billing"]["timeout"]``."""
    label = f'{origin}["{code}"]'
    return label if field is None else f'{label}["{field}"]'


def settings_class_from(code: str, values: Mapping[str, Any]) -> type[BaseSettings]:
    """The settings class of a module without ``config.py``: one field per key, typed by
    its value (the seed's ``register_module_settings``)."""
    fields: dict[str, Any] = {name: (type(value), value) for name, value in values.items()}
    name = f"{code.title().replace('-', '').replace('_', '')}Settings"
    model: type[BaseSettings] = create_model(name, __base__=BaseSettings, **fields)
    return model
