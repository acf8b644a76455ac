"""``manage.py import_config``: see ``help``."""

from modstack.django.commands import DRY_RUN, JSON, TENANT_OVERRIDES, ModstackCommand


class Command(ModstackCommand):
    help = "Apply an export (JSON or YAML), all or nothing (modstack config import)."
    cli = ("config", "import")
    positional = ("file",)
    options = (TENANT_OVERRIDES, DRY_RUN, JSON)
