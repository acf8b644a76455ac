"""``manage.py validate_config``: see ``help``."""

from modstack.django.commands import ModstackCommand


class Command(ModstackCommand):
    help = "Check every module's settings (modstack config validate)."
    cli = ("config", "validate")
