"""``manage.py disable_module``: see ``help``."""

from modstack.django.commands import DRY_RUN, JSON, REASON, YES, ModstackCommand


class Command(ModstackCommand):
    help = "Disable a module for a tenant, showing the plan first (modstack disable)."
    cli = ("disable",)
    positional = ("code",)
    needs_tenant = True
    options = (DRY_RUN, YES, REASON, JSON)
