"""``manage.py list_services``: see ``help``."""

from modstack.django.commands import ModstackCommand


class Command(ModstackCommand):
    help = "Every service with its version and owning module (modstack services list)."
    cli = ("services", "list")
