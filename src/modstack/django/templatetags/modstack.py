"""``{% load modstack %}``: ``{% t "key" %}`` translates with the active modules'
``locales/*.json`` (``{% t "greeting" name=user.name %}`` fills ``{name}``), and
``{% module_static "notes" "app.css" %}`` is the URL of a module's static file."""

from __future__ import annotations

from django import template

from modstack.django.gate import current
from modstack.web.conventions import module_static as static_url

register = template.Library()


@register.simple_tag(name="t")
def translate(key: str, locale: str | None = None, **values: object) -> str:
    """The translation of ``key`` (the default locale's, then the key itself)."""
    return current().t(key, locale, **values)


@register.simple_tag(name="module_static")
def module_static(code: str, path: str) -> str:
    """``/static/modules/<code>/<path>``."""
    return static_url(code, path)
