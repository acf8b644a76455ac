"""Without a stack (Django not set up yet, or the app's ``ready()`` failed), the module
template loader has no folders (Django's autoreloader asks it, and must not die on it),
and ``current()`` says there is no stack rather than blaming ``INSTALLED_APPS``."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.template import engines

from modstack.django import current
from modstack.django.templates import ModuleTemplates
from tests.adapters.django.project import configure


def test_without_a_stack_the_loader_has_no_folders_and_current_says_why() -> None:
    configure()
    config = apps.get_app_config("modstack")
    previous = config.use(None)  # type: ignore[attr-defined]
    try:
        with pytest.raises(ImproperlyConfigured, match="has no stack yet"):
            current()
        engine = engines["django"].engine  # type: ignore[attr-defined]
        assert ModuleTemplates(engine).get_dirs() == []
    finally:
        config.use(previous)  # type: ignore[attr-defined]
