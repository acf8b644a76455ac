"""``SettingsManager``: every module's effective settings, and changes to them at run time
(for every tenant, or for one), validated, audited, and announced to the other workers.
The Django seed's names for it live in ``modstack.config.seed_names``."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, SecretStr, ValidationError

from modstack.config.changes import ConfigChanged
from modstack.config.explicit import settings_class_from, source_label
from modstack.config.fields import is_tenant_overridable, requires_restart
from modstack.config.persistence import SettingsStore
from modstack.config.rules import Rule, declared_rules
from modstack.config.secrets import NO_KEY, SecretBox
from modstack.config.seed_names import SettingsManagerSeedNames
from modstack.config.sources import MASK, Sourced, build, gather, plain, variable_names
from modstack.errors import ModuleConfigError, SettingError
from modstack.kernel.module_config import settings_class_of
from modstack.naming import check_actor, check_tenant
from modstack.registry import Registry
from modstack.tenancy.notifier import Notifier
from modstack.tenancy.store import TenancyStore

EVERY_TENANT = "*"
MASKED = "is a masked secret placeholder, not the secret; export with --include-secrets"
NOT_OVERRIDABLE = "tenants may not override it (mark it setting(..., tenant=True))"
NOTIFY_KEY = "modstack:settings"


@dataclass(frozen=True, slots=True)
class SettingProblem:
    """One invalid setting: module, field, where its value came from, and why."""

    module: str
    field: str
    source: str
    reason: str

    def __str__(self) -> str:
        return f"module {self.module!r}: {self.field} (from {self.source}): {self.reason}"


class SettingsManager(SettingsManagerSeedNames):
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
        notifier: Notifier | None = None,
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
        self.notifier = notifier
        self.staleness = staleness
        self.listeners: list[Callable[[ConfigChanged], None]] = []
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

    # -- changing -------------------------------------------------------------------------

    def set_setting(
        self,
        code: str,
        key: str,
        value: Any,
        *,
        actor: str,
        reason: str = "",
        tenant: str | None = None,
    ) -> ConfigChanged:
        """Validate, store (for every tenant, or for ``tenant``: only fields the module
        marks ``tenant=True``), audit, and announce one change. A value already in effect
        changes nothing: nothing is stored or announced, and the answer's ``old`` and
        ``new`` are that value. Raises SettingError."""
        changed = self.apply({code: {key: value}}, actor=actor, reason=reason, tenant=tenant)
        if changed:
            return changed[0]
        info = self._field(code, key)
        secret = _is_secret(info.annotation)
        current = self._effective_values(code, tenant).get(key)
        shown = _masked(current) if secret else current
        restart = requires_restart(info)
        return ConfigChanged(code, key, shown, shown, tenant, restart, actor, secret, stored=False)

    def apply(
        self,
        changes: Mapping[str, Mapping[str, Any]],
        *,
        actor: str,
        reason: str = "",
        tenant: str | None = None,
        dry_run: bool = False,
    ) -> list[ConfigChanged]:
        """Validate every change first, then store them all in one transaction (or
        nothing, with ``dry_run``). Returns what changed, secrets masked. Raises
        TenantNotFound (before anything is written), or SettingError for the first refused
        change, after checking them all. A secret is stored encrypted (MODSTACK_SECRET_KEY)
        and refused without a key."""
        check_actor(actor)
        if tenant is not None:
            self.store.load(check_tenant(tenant))  # an unknown tenant: nothing is written
        scope = tenant or EVERY_TENANT
        sealed: dict[tuple[str, str], Any] = {}
        refused: list[SettingError] = []
        result: list[ConfigChanged] = []
        for module, values in changes.items():
            current = self.sourced(module, tenant)
            candidate = {f: s.value for f, s in current.items()}
            for field, value in values.items():
                info = self._field(module, field)
                if value == MASK and _is_secret(info.annotation):
                    refused.append(SettingError(module=module, field=field, reason=MASKED))
                    continue
                if _is_secret(info.annotation) and not self.secrets.available:
                    refused.append(SettingError(module=module, field=field, reason=NO_KEY))
                    continue
                if tenant is not None and not is_tenant_overridable(info):
                    refused.append(SettingError(module=module, field=field, reason=NOT_OVERRIDABLE))
                    continue
                candidate[field] = value
            problems = self._check(module, candidate)
            refused += [
                SettingError(module=module, field=p.field, reason=p.reason)
                for p in problems
                if p.field in values
            ]
            effective = self._effective_values(module, tenant)
            for field, value in values.items():
                cls = self.settings_class(module)
                assert cls is not None
                new = (
                    plain(getattr(build(cls, candidate), field), include_secrets=True)
                    if not problems
                    else value
                )
                if effective.get(field) == new:
                    continue
                old, secret = effective.get(field), _is_secret(cls.model_fields[field].annotation)
                if secret and not problems:
                    sealed[(module, field)] = self.secrets.seal(new, module=module, field=field)
                    old, new = _masked(old), _masked(new)
                result.append(
                    ConfigChanged(
                        module,
                        field,
                        old,
                        new,
                        tenant,
                        requires_restart(cls.model_fields[field]),
                        actor,
                        secret,
                    )
                )
        if refused:
            raise (
                refused[0]
                if len(refused) == 1
                else SettingError(
                    module=refused[0].module,
                    field=refused[0].field,
                    reason="; ".join(str(e) for e in refused),
                )
            )
        if dry_run or not result:
            return result
        result = self.persisted.write(scope, result, sealed, actor=actor, reason=reason)
        self._after(result)
        return result

    # -- export / import ------------------------------------------------------------------

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

    def import_settings(
        self,
        data: Mapping[str, Any],
        *,
        actor: str,
        dry_run: bool = False,
        tenant: str | None = None,
    ) -> list[ConfigChanged]:
        """Apply an export (all or nothing). Values equal to the current ones are left
        alone; a masked secret is refused."""
        modules = data.get("modules", data)
        changes = {
            code: {
                field: (entry["value"] if isinstance(entry, dict) and "value" in entry else entry)
                for field, entry in fields.items()
            }
            for code, fields in modules.items()
        }
        current = {code: self._effective_values(code, tenant) for code in changes}
        wanted = {
            code: {f: v for f, v in values.items() if current[code].get(f) != v}
            for code, values in changes.items()
        }
        return self.apply(
            {c: v for c, v in wanted.items() if v},
            actor=actor,
            tenant=tenant,
            reason="import",
            dry_run=dry_run,
        )

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
        cls = self.settings_class(module)
        if cls is None:
            raise SettingError(
                module=module, field=field, reason="the module has no settings class"
            )
        info = cls.model_fields.get(field)
        if info is None:
            choices = ", ".join(cls.model_fields)
            raise SettingError(
                module=module, field=field, reason=f"no such setting; choices are: {choices}"
            )
        return info

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
            current = self._valid_fields(cls, values, {p.field for p in found})
        for field, check in self._rules.get(code, {}).items():
            if field in current:
                for reason in check.problems(plain(current[field], include_secrets=True)):
                    found.append(SettingProblem(code, field, "", reason))
        return sorted(
            found,
            key=lambda p: (
                list(cls.model_fields).index(p.field) if p.field in cls.model_fields else -1
            ),
        )

    @staticmethod
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

    def _after(self, changes: list[ConfigChanged]) -> None:
        for module in {c.module for c in changes}:
            self._forget(module)
        version = self.persisted.version()
        self._version, self._checked = version, time.monotonic()
        if self.notifier is not None:
            self.notifier.publish(NOTIFY_KEY, version)
        for change in changes:
            for listener in list(self.listeners):
                listener(change)

    def audit(self, *, limit: int = 50) -> list[dict[str, Any]]:
        """Setting changes, newest first (secrets masked, even in rows written in clear
        before secrets were encrypted)."""
        rows = self.persisted.audit(limit=limit)
        for row in rows:
            if self._is_secret_field(row["module"], row["field"]):
                row["old"], row["new"] = _masked(row["old"]), _masked(row["new"])
        return rows

    def _is_secret_field(self, module: str, field: str) -> bool:
        cls = self.settings_class(module) if module in self.registry.modules else None
        info = cls.model_fields.get(field) if cls is not None else None
        return info is not None and _is_secret(info.annotation)

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


def _masked(value: Any) -> Any:
    return None if value is None else MASK
