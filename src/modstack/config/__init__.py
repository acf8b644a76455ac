"""Configuration: per-module settings from many sources, validated together; tenant
overrides and live updates, audited; export and import.

    settings_manager = SettingsManager(registry, store)
    settings_manager.get_module_config("marketplace").batch_size
    settings_manager.set_setting("marketplace", "batch_size", 500, actor="alice")
"""

from modstack.config.changes import ConfigChanged
from modstack.config.explicit import ModuleConfigs
from modstack.config.fields import is_tenant_overridable, requires_restart, setting
from modstack.config.manager import EVERY_TENANT, SettingProblem, SettingsManager
from modstack.config.rules import Rule, rule
from modstack.config.sources import MASK, Sourced, gather, variable_names

__all__ = [
    "EVERY_TENANT",
    "MASK",
    "ConfigChanged",
    "ModuleConfigs",
    "Rule",
    "SettingProblem",
    "SettingsManager",
    "Sourced",
    "gather",
    "is_tenant_overridable",
    "requires_restart",
    "rule",
    "setting",
    "variable_names",
]
