"""The ``modstack.django`` app: ``INSTALLED_APPS += ["modstack.django"]``. ``ready()``
builds the project's stack from ``settings.MODSTACK`` / ``MODSTACK_*`` and the
environment; nothing starts until the first request (never in a command that does not
serve, never in a gunicorn master)."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured

from modstack.errors import ModstackError


class ModstackConfig(AppConfig):
    """modstack's Django app (label ``modstack``)."""

    name = "modstack.django"
    label = "modstack"
    verbose_name = "modstack"
    default = True

    modstack: Any = None
    """The project's ``Modstack`` (built in ``ready()``)."""

    def ready(self) -> None:
        """Build the stack once per process. Raises ImproperlyConfigured for bad
        settings or an invalid module tree, naming what is wrong."""
        from django.core.checks import Tags, register

        from modstack.django.adapter import from_django_settings
        from modstack.django.checks import own_urls_reachable
        from modstack.django.settings import install_service_configs

        register(own_urls_reachable, Tags.urls)
        install_service_configs(django_settings)
        try:
            self.modstack = from_django_settings(django_settings)
        except ModstackError as error:
            raise ImproperlyConfigured(f"modstack: {error}") from error

    def use(self, modstack: Any) -> Any:
        """Serve ``modstack`` from now on (tests, a second configuration); returns the
        one it replaces, which the caller stops."""
        previous, self.modstack = self.modstack, modstack
        from django.urls import clear_url_caches

        clear_url_caches()
        return previous

    def get_system_health(self) -> dict[str, Any]:
        """The Django seed's ``get_system_health()``: every module's state and health,
        the core modules' states and the store's (``/modules/status``)."""
        from modstack.web.health import status_document

        stack = self.modstack
        stack.start()
        return stack.core.call(status_document(stack.core, stack.store_probe.refresh()))  # type: ignore[no-any-return]

    def reload_module(self, code: str) -> Any:
        """The Django seed's ``reload_module(code)``: reload in every worker."""
        stack = self.modstack
        stack.start()
        return stack.core.call(stack.core.reload_everywhere(code))
