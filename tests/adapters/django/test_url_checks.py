"""``manage.py check`` warns when another view answers modstack's dashboard or sign-in
form (Django's admin listed first takes every ``admin/`` path)."""

from __future__ import annotations

from django.core.checks import run_checks
from django.test import override_settings

from tests.adapters.django.project import configure


def test_the_admin_listed_first_is_named_with_the_fix() -> None:
    configure()
    with override_settings(ROOT_URLCONF="tests.adapters.django.admin_first_urls"):
        warnings = [w for w in run_checks() if w.id == "modstack.W001"]
    assert len(warnings) == 2
    assert "/admin/modstack is answered by the view 'django-admin'" in warnings[0].msg
    assert 'before path("admin/", admin.site.urls)' in str(warnings[0].hint)


def test_modstacks_own_urls_pass() -> None:
    configure()
    assert [w for w in run_checks() if w.id == "modstack.W001"] == []
