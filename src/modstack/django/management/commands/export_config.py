"""``manage.py export_config``: see ``help``."""

from modstack.django.commands import FORMAT, JSON, SECRETS, TENANT_OVERRIDES, ModstackCommand


class Command(ModstackCommand):
    help = "Every module's effective settings and their sources (modstack config export)."
    cli = ("config", "export")
    options = (TENANT_OVERRIDES, FORMAT, SECRETS, JSON)
