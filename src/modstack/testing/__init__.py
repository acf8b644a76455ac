"""Test helpers for apps and modules built on modstack: a pytest plugin with fixtures for
a stack over a temporary database, tenants with chosen modules, and a test client.

Enable it in your ``conftest.py``::

    pytest_plugins = ["modstack.testing"]

and, when your modules are not where ``modstack`` finds them by default (``--modules``,
``MODSTACK_MODULES``, ``[tool.modstack] modules`` in ``pyproject.toml``, ``app/modules``),
override ``modstack_modules``::

    @pytest.fixture
    def modstack_modules() -> Path:
        return Path(__file__).parent / "modules"

Class-style modules found by scanning a package (the Flask seed's ``core.modules``) are
found as the app and the command find them (``MODSTACK_PACKAGE``, ``[tool.modstack]
package``); override ``modstack_packages`` to choose others.

The app is built by the FastAPI adapter, or by the Flask adapter when ``modstack_adapter``
returns ``"flask"`` (its default reads ``[tool.modstack] framework``); the clients answer
alike (``status_code``, ``text``, ``json()``).
"""

from modstack.testing.client import TenantClient
from modstack.testing.plugin import (
    modstack_adapter,
    modstack_admin_headers,
    modstack_app,
    modstack_client,
    modstack_modules,
    modstack_packages,
    modstack_settings,
    modstack_tenant,
)

__all__ = [
    "TenantClient",
    "modstack_adapter",
    "modstack_admin_headers",
    "modstack_app",
    "modstack_client",
    "modstack_modules",
    "modstack_packages",
    "modstack_settings",
    "modstack_tenant",
]
