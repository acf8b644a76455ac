"""The active modules' ``templates/`` for Django's template engine: add
``"modstack.django.templates.ModuleTemplates"`` to a ``DjangoTemplates`` backend's
``loaders`` (after the project's own). ``{% load modstack %}{% t "key" %}`` translates."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured
from django.template.loaders.filesystem import Loader as FilesystemLoader


class ModuleTemplates(FilesystemLoader):
    """Searches the ``templates/`` folder of each active module, in load order (a
    module stopped or reloaded is searched no more, or afresh)."""

    def get_dirs(self) -> list[Any]:
        """The active modules' template folders, now; none while there is no stack
        (Django's autoreloader asks before, and after a start that failed: the error it
        prints is the start's own)."""
        from modstack.django.gate import current

        try:
            stack = current()
        except (ImproperlyConfigured, AppRegistryNotReady):
            return []
        folders = (d.path_of("templates") for d in stack.active())
        return [f for f in folders if f is not None and f.is_dir()]


def forget_cached_templates() -> None:
    """Drop the templates Django's cached loaders keep (a module started, stopped or
    was reloaded)."""
    from django.template import engines
    from django.template.backends.django import DjangoTemplates

    for backend in engines.all():
        if isinstance(backend, DjangoTemplates):
            for loader in backend.engine.template_loaders:
                reset = getattr(loader, "reset", None)
                if reset is not None:
                    reset()
