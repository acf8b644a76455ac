"""``manage.py reload_service``: see ``help``."""

from modstack.django.commands import URL, ModstackCommand


class Command(ModstackCommand):
    help = "Reload a service in the running project (modstack services reload)."
    cli = ("services", "reload")
    positional = ("name",)
    options = (URL,)
