"""``modstack.testing`` for a Django project: the project's own settings (``MODSTACK``,
``MODULE_CONFIGS``, its tenant resolver) with the test's values over them, a
``Modstack`` the project serves for the test, and Django's test client with the
interface of FastAPI's (``request``, ``get``, ``post`` ... responses with ``text`` and
``json()``), so the same tests run on every adapter.

Django's settings belong to the process: set ``DJANGO_SETTINGS_MODULE`` (or use
pytest-django, which sets Django up); ``"modstack.django"`` must be in
``INSTALLED_APPS``."""

from __future__ import annotations

import json as json_module
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from typing import Any
from urllib.parse import urlencode

import django
import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import Client
from django.test.utils import setup_test_environment

from modstack.django.adapter import Modstack
from modstack.django.settings import (
    module_configs_of,
    settings_from_django,
    tenant_resolver_of,
)
from modstack.settings import ModstackSettings
from modstack.testing.client import Verbs

_FAILED_SETUP: list[Exception] = []
"""The error of a ``django.setup()`` that failed in this process (every later test says it)."""


def configure() -> None:
    """Set Django up from ``DJANGO_SETTINGS_MODULE`` unless it is, with Django's test
    environment (the test client's host allowed, e-mail kept in memory) as its own test
    runner and pytest-django set it up. Fails the test, saying what to set, when Django
    has no settings."""
    if not (django_settings.configured and apps.ready):
        if not django_settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
            pytest.fail(
                "modstack_adapter is 'django' but Django is not configured: set "
                "DJANGO_SETTINGS_MODULE (e.g. in conftest.py, before the fixtures run) or "
                "use pytest-django"
            )
        if _FAILED_SETUP:  # Django cannot be set up twice in one process
            pytest.fail(f"Django could not be set up: {_FAILED_SETUP[0]}", pytrace=False)
        try:
            django.setup()
        except Exception as error:
            _FAILED_SETUP.append(error)
            raise
    with suppress(RuntimeError):  # set up already (by pytest-django, or an earlier test)
        setup_test_environment()


def project_settings(test_values: Mapping[str, Any]) -> ModstackSettings:
    """The project's modstack settings (``settings.MODSTACK`` / ``MODSTACK_*``) with
    ``test_values`` (the test's own database, token, modules ...) over them."""
    configure()
    return settings_from_django(django_settings).model_copy(update=dict(test_values))


def project_modstack(settings: ModstackSettings) -> Modstack:
    """A ``Modstack`` as the project's ``ready()`` builds one (its tenant resolver, its
    ``MODULE_CONFIGS``), over ``settings``."""
    configure()
    try:
        apps.get_app_config("modstack")
    except LookupError:
        pytest.fail('add "modstack.django" to INSTALLED_APPS to test its modules')
    return Modstack(
        settings,
        packages=settings.package_names,
        tenant_resolver=tenant_resolver_of(django_settings),
        module_configs=module_configs_of(django_settings),
    )


@contextmanager
def serving(modstack: Modstack) -> Iterator[DjangoTestClient]:
    """The project serving ``modstack`` (started) for one test, then the stack it served
    before; a test client of it."""
    config: Any = apps.get_app_config("modstack")
    previous = config.use(modstack)
    modstack.start()
    try:
        yield DjangoTestClient(modstack)
    finally:
        modstack.stop()
        config.use(previous)


class DjangoAnswer:
    """A Django test response with ``text`` and ``json()`` (as httpx's); every other
    attribute (``status_code``, ``headers``, ``content`` ...) is Django's."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response

    @property
    def text(self) -> str:
        """The body, decoded."""
        charset: str = self.response.charset or "utf-8"
        body: bytes = self.response.content
        return body.decode(charset)

    def json(self) -> Any:
        """The body, decoded from JSON."""
        return json_module.loads(self.response.content)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.response, name)


class DjangoTestClient(Verbs[DjangoAnswer]):
    """Django's test ``Client`` answering ``request(method, url, headers=..., json=...,
    data=..., params=...)`` and the verbs with :class:`DjangoAnswer` responses, as
    FastAPI's ``TestClient`` does; ``app`` is the project's ``Modstack``."""

    def __init__(self, app: Modstack) -> None:
        self.app = app
        self.client = Client()

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        json: Any = None,
        data: Mapping[str, str] | None = None,
        content: bytes | None = None,
        params: Mapping[str, str] | None = None,
    ) -> DjangoAnswer:
        """Send one request: a ``json`` body, a form (``data``) or raw ``content``."""
        body, content_type = b"", "application/octet-stream"
        if json is not None:
            body, content_type = json_module.dumps(json).encode(), "application/json"
        elif data is not None:
            body, content_type = urlencode(data).encode(), "application/x-www-form-urlencoded"
        elif content is not None:
            body = content
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        response = self.client.generic(method, url, body, content_type, headers=dict(headers or {}))
        return DjangoAnswer(response)
