"""``manage.py list_modules``: see ``help``."""

from modstack.django.commands import ModstackCommand


class Command(ModstackCommand):
    help = "Every module in load order (modstack list)."
    cli = ("list",)
