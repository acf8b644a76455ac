"""``manage.py check_services``: see ``help``."""

from modstack.django.commands import ModstackCommand


class Command(ModstackCommand):
    help = "Run every service's health check (modstack services check)."
    cli = ("services", "check")
