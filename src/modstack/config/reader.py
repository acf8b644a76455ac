"""``SettingsReader``: every module's effective settings (for every tenant, or for one) and
where each value came from, checked by the module's rules and cached per worker until a
change, here or in another worker, makes them stale. ``SettingsManager`` changes them."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr

from modstack.config.explicit import settings_class_from, source_label
from modstack.config.persistence import SettingsStore
from modstack.config.rules import Rule, declared_rules
from modstack.config.secrets import SecretBox
from modstack.config.sources import Sourced, build, gather, plain, variable_names
from modstack.config.validation import SettingProblem, check_values, setting_field
from modstack.errors import ModuleConfigError
from modstack.kernel.module_config import settings_class_of
from modstack.naming import check_tenant
from modstack.registry import Registry
from modstack.tenancy.store import TenancyStore

EVERY_TENANT = "*"
NOTIFY_KEY = "modstack:settings"


class SettingsReader:
    """Every module's settings, from its settings class (its ``config.py``, or one set with
    :meth:`set_settings_class`) and every source, checked by its rules."""

    def __init__(
        self,
        registry: Registry,
        store: TenancyStore,
        *,
        explicit: Mapping[str, Mapping[str, Any]] | None = None,
        explicit_origin: str | None = None,
        environ: Mapping[str, str] | None = None,
        env_file: str | Path | None = ".env",
        secrets_dir: str | Path | None = None,
        staleness: float = 1.0,
    ) -> None:
        self.registry = registry
        self.store = store
        self.persisted = SettingsStore(store)
        self.explicit = {code: dict(values) for code, values in (explicit or {}).items()}
        """Values given in code (by module code), above the environment."""
        self.explicit_origin = explicit_origin
        """Where they were given (``settings.MODULE_CONFIGS``): each value's source is then
        ``settings.MODULE_CONFIGS["billing"]["timeout"]`` rather than ``explicit``."""
        self.environ = environ
        self.env_file = env_file
        self.secrets_dir = secrets_dir
        self.secrets = SecretBox.from_environ(os.environ if environ is None else environ)
        """Encrypts secret overrides at rest (``MODSTACK_SECRET_KEY``)."""
        self.staleness = staleness
        self._classes: dict[str, type[BaseModel]] = {}
        self._rules: dict[str, dict[str, Rule]] = {}
        self._cache: dict[tuple[str, str | None], BaseModel] = {}
        self._version = -1
        self._checked = 0.0

    # -- classes and rules ----------------------------------------------------------------

    def settings_class(self, code: str) -> type[BaseModel] | None:
        """A module's settings class (from its ``config.py``, or registered), or None."""
        if code not in self._classes:
            found = settings_class_of(self.registry.get(code))
            if found is None and self.explicit.get(code):  # no config.py: typed by MODULE_CONFIGS
                found = settings_class_from(code, self.explicit[code])
            if found is not None:
                self._classes[code] = found
                self._rules.setdefault(code, {}).update(declared_rules(found))
        return self._classes.get(code)

    def set_settings_class(self, code: str, settings_class: type[BaseModel]) -> None:
        """Use ``settings_class`` for module ``code`` (instead of its ``config.py``'s).
        Raises ModuleNotFound."""
        self.registry.get(code)
        self._classes[code] = settings_class
        self._forget(code)

    def add_rule(self, code: str, field: str, check: Rule) -> None:
        """Add a rule (``rule(min_length=3, ...)``) to one field of module ``code``.
        Raises SettingError for a module without settings or an unknown field."""
        self._field(code, field)
        self._rules.setdefault(code, {})[field] = check
        self._forget(code)

    # -- reading --------------------------------------------------------------------------

    def sourced(self, code: str, tenant: str | None = None) -> dict[str, Sourced]:
        """Every field with a value from some source, and the source, for ``tenant``.
        Raises InvalidTenantNameError, SettingError (a stored secret it cannot decrypt)."""
        if tenant is not None:
            check_tenant(tenant)
        cls = self.settings_class(code)
        if cls is None:
            return {}
        stored = self.persisted.stored(code)
        for values in stored.values():
            for field, value in values.items():
                if field in cls.model_fields and _is_secret(cls.model_fields[field].annotation):
                    values[field] = self.secrets.open(value, module=code, field=field)
        explicit = {**self.explicit.get(code, {})}
        found = gather(
            code,
            cls,
            explicit=explicit,
            environ=self.environ,
            env_file=self.env_file,
            secrets_dir=self.secrets_dir,
        )
        if self.explicit_origin is not None:
            for field in explicit.keys() & found.keys():
                found[field] = Sourced(
                    found[field].value, source_label(self.explicit_origin, code, field)
                )
        for field, value in stored.get(EVERY_TENANT, {}).items():
            found[field] = Sourced(value, "database")
        if tenant is not None:
            for field, value in stored.get(tenant, {}).items():
                found[field] = Sourced(value, f"tenant:{tenant}")
        return found

    def get_module_config(self, code: str, tenant: str | None = None) -> BaseModel | None:
        """The module's effective settings (for ``tenant``: with its overrides). Raises
        ModuleConfigError naming every invalid field and its source."""
        self._refresh()
        key = (code, tenant)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        cls = self.settings_class(code)
        if cls is None:
            return None
        problems = self._problems(code, tenant)
        if problems:
            file = self.registry.get(code).path_of("config")
            raise ModuleConfigError(
                module=code,
                file=str(file) if file else None,
                fields=[f"{p.field} (from {p.source}): {p.reason}" for p in problems],
            )
        built = build(cls, {f: s.value for f, s in self.sourced(code, tenant).items()})
        self._cache[key] = built
        return built

    def validate_settings(self, code: str | None = None) -> list[SettingProblem]:
        """Every invalid setting of module ``code`` (default: every module), all together."""
        codes = [code] if code else list(self.registry.order)
        return [problem for each in codes for problem in self._problems(each, None)]

    # -- export ---------------------------------------------------------------------------

    def export(self, *, tenant: str | None = None, include_secrets: bool = False) -> dict[str, Any]:
        """Every module's effective settings and where each came from; secrets masked."""
        modules: dict[str, Any] = {}
        for code in self.registry.order:
            cls = self.settings_class(code)
            if cls is None:
                continue
            config = self.get_module_config(code, tenant)
            sources = self.sourced(code, tenant)
            modules[code] = {
                field: {
                    "value": plain(getattr(config, field), include_secrets=include_secrets),
                    "source": sources[field].source if field in sources else "default",
                }
                for field in cls.model_fields
            }
        return {"tenant": tenant, "modules": modules}

    def env_variables(self) -> list[tuple[str, bool]]:
        """Every environment variable modstack's modules read, and whether it is set."""
        import os

        environ = self.environ if self.environ is not None else os.environ
        names: list[str] = []
        for code in self.registry.order:
            cls = self.settings_class(code)
            for field in cls.model_fields if cls is not None else ():
                names.extend(variable_names(code, field))
        return [(name, name in environ) for name in names]

    # -- plumbing -------------------------------------------------------------------------

    def _field(self, module: str, field: str) -> Any:
        return setting_field(module, field, self.settings_class(module))

    def _problems(self, code: str, tenant: str | None) -> list[SettingProblem]:
        sourced = self.sourced(code, tenant)
        return [
            SettingProblem(
                p.module,
                p.field,
                sourced[p.field].source if p.field in sourced else "default",
                p.reason,
            )
            for p in self._check(code, {f: s.value for f, s in sourced.items()})
        ]

    def _check(self, code: str, values: Mapping[str, Any]) -> list[SettingProblem]:
        cls = self.settings_class(code)
        if cls is None:
            return []
        return check_values(code, cls, self._rules.get(code, {}), values)

    def _effective_values(self, code: str, tenant: str | None) -> dict[str, Any]:
        try:
            config = self.get_module_config(code, tenant)
        except ModuleConfigError:  # invalid now: a change may be what fixes it
            return self._raw_values(code, tenant)
        if config is None:
            return {}
        return {
            f: plain(getattr(config, f), include_secrets=True) for f in type(config).model_fields
        }

    def _raw_values(self, code: str, tenant: str | None) -> dict[str, Any]:
        """Each field's value as found (or its default), valid or not."""
        cls = self.settings_class(code)
        fields = cls.model_fields.items() if cls is not None else ()
        found = {
            name: info.get_default(call_default_factory=True)
            for name, info in fields
            if not info.is_required()
        }
        found.update({field: s.value for field, s in self.sourced(code, tenant).items()})
        return {field: plain(value, include_secrets=True) for field, value in found.items()}

    # -- freshness: changes made here or by other workers ---------------------------------

    def heard(self, key: str, version: int) -> None:
        """A notifier message: another worker changed settings."""
        if key == NOTIFY_KEY and version != self._version:
            self._cache.clear()
            self._version = version

    def _refresh(self) -> None:
        # The notifier may lose messages: re-read the version at most every `staleness` s.
        if time.monotonic() - self._checked < self.staleness:
            return
        version = self.persisted.version()
        self._checked = time.monotonic()
        if version != self._version:
            self._cache.clear()
            self._version = version

    def _forget(self, code: str) -> None:
        for key in [k for k in self._cache if k[0] == code]:
            del self._cache[key]


def _is_secret(annotation: Any) -> bool:
    return annotation is SecretStr or (
        getattr(annotation, "__args__", None) is not None and SecretStr in annotation.__args__
    )
