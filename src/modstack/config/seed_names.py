"""The Django seed's names on ``SettingsManager``, apart from the core's own vocabulary:
the dict form ``register_module_settings(code, {"timeout": 30})``,
``add_validation_rule(code, field, {"type": "string", "required": True})`` and
``get_setting(key, module_name=..., default=...)``. ``SettingsManager`` inherits them;
``modstack.seed_names`` lists where the other facades live."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import create_model
from pydantic_settings import BaseSettings

from modstack.config.rules import Rule, rule
from modstack.errors import SettingError

if TYPE_CHECKING:
    from pydantic import BaseModel

RULE_TYPES: Mapping[str, type] = {
    "string": str, "str": str, "integer": int, "int": int, "float": float,
    "boolean": bool, "bool": bool, "list": list, "dict": dict,
}  # fmt: skip
"""The type names a seed-style rule may give as strings (``{"type": "string"}``)."""

RULE_OPTIONS = ("type", "required", "min_length", "max_length", "min_value", "max_value",
                "choices")  # fmt: skip


class SettingsManagerSeedNames:
    """The Django seed's names on ``SettingsManager``."""

    if TYPE_CHECKING:

        def set_settings_class(self, code: str, settings_class: type[BaseModel]) -> None: ...

        def add_rule(self, code: str, field: str, check: Rule) -> None: ...

        def get_module_config(self, code: str, tenant: str | None = None) -> BaseModel | None: ...

    def register_module_settings(self, code: str, defaults: Mapping[str, Any]) -> None:
        """The seed's dict form: a settings class whose fields are ``defaults``' keys,
        typed by their values. Raises ModuleNotFound."""
        fields: dict[str, Any] = {name: (type(value), value) for name, value in defaults.items()}
        name = f"{code.title().replace('-', '')}Settings"
        self.set_settings_class(code, create_model(name, __base__=BaseSettings, **fields))

    def add_validation_rule(
        self, module: str, field: str, check: Rule | Mapping[str, Any] | None = None, **options: Any
    ) -> None:
        """Add a rule to one field: a :class:`Rule`, the seed's dict
        (``{"type": "string", "required": True, "min_length": 32}``) or the same keywords.
        Raises SettingError naming the module and field for an unknown field or option."""
        if isinstance(check, Rule):
            if options:
                raise SettingError(module=module, field=field, reason="give a Rule or options")
            self.add_rule(module, field, check)
            return
        self.add_rule(module, field, seed_rule(module, field, {**(check or {}), **options}))

    def get_setting(
        self,
        key: str,
        module_name: str | None = None,
        default: Any = None,
        *,
        tenant: str | None = None,
    ) -> Any:
        """One setting of module ``module_name`` (its code); ``default`` when absent or when
        no module is named."""
        if module_name is None:
            return default
        config = self.get_module_config(module_name, tenant)
        return getattr(config, key, default) if config is not None else default


def seed_rule(module: str, field: str, options: Mapping[str, Any]) -> Rule:
    """A :class:`Rule` from the seed's options. Raises SettingError naming the module, the
    field and the option that is not understood."""
    unknown = [key for key in options if key not in RULE_OPTIONS]
    if unknown:
        choices = ", ".join(RULE_OPTIONS)
        reason = f"unknown rule option {unknown[0]!r}; choices are: {choices}"
        raise SettingError(module=module, field=field, reason=reason)
    kind = options.get("type")
    if isinstance(kind, str):
        if kind not in RULE_TYPES:
            choices = ", ".join(RULE_TYPES)
            reason = f"unknown rule type {kind!r}; choices are: {choices}"
            raise SettingError(module=module, field=field, reason=reason)
        kind = RULE_TYPES[kind]
    if kind is not None and not isinstance(kind, type):
        reason = f"rule type must be a type or one of {', '.join(RULE_TYPES)}, got {kind!r}"
        raise SettingError(module=module, field=field, reason=reason)
    return rule(**{**options, "type": kind})
