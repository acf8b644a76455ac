"""The Django adapter: an app, a middleware and URLs.

INSTALLED_APPS = [..., "modstack.django"]
MIDDLEWARE = [..., "modstack.django.middleware.ModstackMiddleware"]
urlpatterns = [..., path("", include("modstack.django.urls"))]
"""

try:
    import django as _django  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the installed extras
    raise ImportError("modstack.django needs Django: pip install 'modstack[django]'") from error

from modstack.compat import BaseModule, dependency, module
from modstack.django.gate import current, require_module_access
from modstack.web.conventions import module_static

__all__ = [
    "BaseModule",
    "current",
    "dependency",
    "module",
    "module_static",
    "require_module_access",
]
