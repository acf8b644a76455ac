"""``manage.py reload_module``: see ``help``."""

from modstack.django.commands import JSON, URL, ModstackCommand


class Command(ModstackCommand):
    help = "Reload a module in every worker of the running project (modstack reload)."
    cli = ("reload",)
    positional = ("code",)
    options = (URL, JSON)
