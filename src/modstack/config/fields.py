"""Markers a module puts on its settings fields."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from pydantic.fields import FieldInfo

_KEY = "modstack"


def setting(
    default: Any = ..., *, tenant: bool = False, restart: bool = False, **options: Any
) -> Any:
    """A settings field. ``tenant=True``: a tenant may override it. ``restart=True``: a
    change takes effect only after a restart (``set_setting`` says so)."""
    extra: dict[str, Any] = {_KEY: {"tenant": tenant, "restart": restart}}
    return Field(default, json_schema_extra=extra, **options)


def is_tenant_overridable(field: FieldInfo) -> bool:
    """Whether tenants may override this field."""
    return bool(_marks(field).get("tenant"))


def requires_restart(field: FieldInfo) -> bool:
    """Whether changing this field needs a restart."""
    return bool(_marks(field).get("restart"))


def _marks(field: FieldInfo) -> dict[str, Any]:
    extra = field.json_schema_extra
    if isinstance(extra, dict):
        marks = extra.get(_KEY)
        if isinstance(marks, dict):
            return marks
    return {}
