"""The Flask adapter: a ``Modstack`` extension (``init_app``) and ``create_app``.

from modstack.flask import create_app
app = create_app(modules="app/modules")
"""

try:
    import flask as _flask  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError("modstack.flask needs Flask: pip install 'modstack[flask]'") from error

from modstack.flask.extension import Modstack, create_app
from modstack.flask.gate import require_module_access
from modstack.flask.seed import BaseModule, ModuleDependencyError, ModuleRegistry, custom_log
from modstack.flask.settings import module_settings
from modstack.web.conventions import module_static

__all__ = [
    "BaseModule",
    "Modstack",
    "ModuleDependencyError",
    "ModuleRegistry",
    "create_app",
    "custom_log",
    "module_settings",
    "module_static",
    "require_module_access",
]
