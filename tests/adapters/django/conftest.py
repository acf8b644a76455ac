"""Django projects run by the real adapter, on SQLite in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from modstack.settings import ModstackSettings
from tests.adapters.django.project import CONTRACT_TREE, configure

configure()

ADMIN_TOKEN = "django-admin-token"


def settings_for(tmp_path: Path, **fields: Any) -> ModstackSettings:
    values: dict[str, Any] = {
        "modules": str(CONTRACT_TREE),
        "database_url": f"sqlite:///{tmp_path / 'django.db'}",
        "environment": "test",
        "admin_token": ADMIN_TOKEN,
        "staleness": 0.2,
        **fields,
    }
    return ModstackSettings(**values, _env_file=None)  # type: ignore[call-arg]
