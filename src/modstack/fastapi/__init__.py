"""The FastAPI adapter: one call builds the app from a modules folder.

from modstack.fastapi import create_app
app = create_app(modules="app/modules")
"""

try:
    import fastapi as _fastapi  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError("modstack.fastapi needs FastAPI: pip install 'modstack[fastapi]'") from error

from modstack.fastapi.app import attach, create_app
from modstack.fastapi.depends import module_settings, stack_of
from modstack.fastapi.gate import GateMiddleware, require_module_access
from modstack.fastapi.stack import Modstack
from modstack.fastapi.tenants import (
    DefaultTenantResolver,
    HeaderTenantResolver,
    PathPrefixTenantResolver,
    SubdomainTenantResolver,
    TenantResolver,
)
from modstack.web.conventions import module_static

__all__ = [
    "DefaultTenantResolver",
    "GateMiddleware",
    "HeaderTenantResolver",
    "Modstack",
    "PathPrefixTenantResolver",
    "SubdomainTenantResolver",
    "TenantResolver",
    "attach",
    "create_app",
    "module_settings",
    "module_static",
    "require_module_access",
    "stack_of",
]
