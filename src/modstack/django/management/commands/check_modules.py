"""``manage.py check_modules``: see ``help``."""

from modstack.django.commands import ModstackCommand


class Command(ModstackCommand):
    help = "Check the module tree against every rule (modstack validate)."
    cli = ("validate",)
