"""``SettingsManager``: every module's effective settings, and changes to them at run time
(for every tenant, or for one), validated, audited, and announced to the other workers.
Reading them is ``SettingsReader``'s (``modstack.config.reader``), checking them
``modstack.config.validation``'s; the Django seed's names live in
``modstack.config.seed_names``."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from modstack.config.changes import ConfigChanged
from modstack.config.fields import is_tenant_overridable, requires_restart
from modstack.config.reader import EVERY_TENANT, NOTIFY_KEY, SettingsReader, _is_secret
from modstack.config.secrets import NO_KEY
from modstack.config.seed_names import SettingsManagerSeedNames
from modstack.config.sources import MASK, build, plain
from modstack.config.validation import SettingProblem
from modstack.errors import SettingError
from modstack.naming import check_actor, check_tenant
from modstack.registry import Registry
from modstack.tenancy.notifier import Notifier
from modstack.tenancy.store import TenancyStore

__all__ = [
    "EVERY_TENANT",
    "MASKED",
    "NOTIFY_KEY",
    "NOT_OVERRIDABLE",
    "SettingProblem",
    "SettingsManager",
]

MASKED = "is a masked secret placeholder, not the secret; export with --include-secrets"
NOT_OVERRIDABLE = "tenants may not override it (mark it setting(..., tenant=True))"


class SettingsManager(SettingsManagerSeedNames, SettingsReader):
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
        super().__init__(
            registry,
            store,
            explicit=explicit,
            explicit_origin=explicit_origin,
            environ=environ,
            env_file=env_file,
            secrets_dir=secrets_dir,
            staleness=staleness,
        )
        self.notifier = notifier
        self.listeners: list[Callable[[ConfigChanged], None]] = []

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

    # -- import and audit -----------------------------------------------------------------

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


def _masked(value: Any) -> Any:
    return None if value is None else MASK
