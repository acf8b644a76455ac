"""modstack's settings in a Django project: the ``MODSTACK = {...}`` dict and
``MODSTACK_*`` settings of ``settings.py``, over the ``MODSTACK_*`` environment. Without
a database URL, modstack's tables live in ``DATABASES["default"]``."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from modstack.config import ModuleConfigs
from modstack.settings import InvalidSettingsError, ModstackSettings, load_settings

PREFIX = "MODSTACK_"
ADAPTER_KEYS = frozenset({"tenant_resolver", "packages"})
"""Keys the adapter reads itself (not fields of ``ModstackSettings``)."""

SQLALCHEMY_DRIVERS = {
    "django.db.backends.postgresql": "postgresql+psycopg",
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.mysql": "mysql",
}


def declared(django_settings: Any) -> dict[str, Any]:
    """Every modstack key the project's settings declare, lower-case: ``MODSTACK``'s
    entries, then ``MODSTACK_*`` settings (which win). Raises ImproperlyConfigured for
    a ``MODSTACK`` that is not a dict."""
    block = getattr(django_settings, "MODSTACK", None) or {}
    if not isinstance(block, Mapping):
        raise ImproperlyConfigured(
            f"settings.MODSTACK must be a dict of modstack settings, not {type(block).__name__}"
        )
    found = {str(key).lower(): value for key, value in block.items()}
    for name in dir(django_settings):
        if name.startswith(PREFIX) and name.isupper():
            found[name[len(PREFIX) :].lower()] = getattr(django_settings, name)
    return found


def settings_from_django(django_settings: Any) -> ModstackSettings:
    """``ModstackSettings`` from the project's settings over the environment. Raises
    ImproperlyConfigured naming an unknown key or an invalid value."""
    overrides = {k: v for k, v in declared(django_settings).items() if k not in ADAPTER_KEYS}
    known = ModstackSettings.model_fields
    unknown = sorted(key for key in overrides if key not in known)
    if unknown:
        raise ImproperlyConfigured(
            f"settings.py: unknown modstack setting(s) {', '.join(unknown)} "
            f"(in MODSTACK or as MODSTACK_<NAME>); known: {', '.join(sorted(known))}"
        )
    if "database_url" not in overrides and not os.environ.get(f"{PREFIX}DATABASE_URL"):
        url = database_url_of(getattr(django_settings, "DATABASES", {}))
        if url is not None:
            overrides["database_url"] = url

    def written_as(field: str) -> str:
        name = PREFIX + field.upper()
        in_block = not hasattr(django_settings, name)
        return f"settings.MODSTACK[{field!r}]" if in_block else f"settings.{name}"

    try:
        return load_settings(overrides, written_as=written_as)
    except InvalidSettingsError as error:
        raise ImproperlyConfigured(f"settings.py: {error}") from None


def database_url_of(databases: Mapping[str, Any]) -> str | None:
    """The SQLAlchemy URL of ``DATABASES["default"]`` (PostgreSQL, SQLite, MySQL), or
    None for another engine or no database (modstack then reads the environment)."""
    default = databases.get("default") or {}
    driver = SQLALCHEMY_DRIVERS.get(str(default.get("ENGINE", "")))
    name = default.get("NAME")
    if driver is None or not name:
        return None
    if driver == "sqlite":
        return None if str(name).startswith(":memory:") else f"sqlite:///{name}"
    from sqlalchemy.engine import URL

    url = URL.create(
        driver,
        username=default.get("USER") or None,
        password=default.get("PASSWORD") or None,
        host=default.get("HOST") or None,
        port=int(default["PORT"]) if default.get("PORT") else None,
        database=str(name),
    )
    return url.render_as_string(hide_password=False)


def install_service_configs(django_settings: Any) -> None:
    """The Django seed's ``SERVICE_CONFIGS = {"my_service": {"timeout": 30}}`` in
    ``settings.py``: what services read (``SERVICE_<NAME>_<KEY>`` variables still win).
    Raises ImproperlyConfigured for a value that is not a dict of dicts."""
    from modstack.services import SERVICE_CONFIGS

    given = getattr(django_settings, "SERVICE_CONFIGS", None) or {}
    if not isinstance(given, Mapping) or not all(isinstance(v, Mapping) for v in given.values()):
        raise ImproperlyConfigured(
            "settings.SERVICE_CONFIGS must map each service name to a dict of its settings"
        )
    for name, values in given.items():
        SERVICE_CONFIGS[str(name)] = dict(values)


MODULE_CONFIGS_ORIGIN = "settings.MODULE_CONFIGS"


def module_configs_of(django_settings: Any) -> ModuleConfigs:
    """The Django seed's ``MODULE_CONFIGS = {"billing": {"timeout": 5}}`` in
    ``settings.py``: module settings above the environment and below values set at run
    time. ``build_stack`` checks them (ModuleConfigsError naming
    ``settings.MODULE_CONFIGS["billing"]["timeout"]``)."""
    given = getattr(django_settings, "MODULE_CONFIGS", None)
    return ModuleConfigs({} if given is None else given, origin=MODULE_CONFIGS_ORIGIN)


def tenant_resolver_of(django_settings: Any) -> Any:
    """The project's ``tenant_resolver``: a resolver, or its name: a class of
    ``modstack.web.tenants`` (``"PathPrefixTenant"``) or a dotted path, made with no
    arguments; None for the default. Raises ImproperlyConfigured naming the setting."""
    given = declared(django_settings).get("tenant_resolver")
    if not isinstance(given, str):
        return given
    from modstack.web import tenants

    try:
        found = getattr(tenants, given, None) if "." not in given else import_string(given)
        if found is None:
            raise ImportError(f"modstack.web.tenants has no {given!r}")
        return found()
    except (ImportError, TypeError) as error:
        choices = "HeaderTenant, SubdomainTenant, PathPrefixTenant, DefaultTenant"
        raise ImproperlyConfigured(
            f"settings.py: MODSTACK tenant_resolver {given!r}: {error} (give one of {choices}, "
            "a dotted path such as 'myproject.tenants.ByHost', or a resolver object)"
        ) from error
