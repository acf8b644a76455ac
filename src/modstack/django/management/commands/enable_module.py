"""``manage.py enable_module``: see ``help``."""

from modstack.django.commands import DRY_RUN, JSON, REASON, YES, ModstackCommand


class Command(ModstackCommand):
    help = "Enable a module for a tenant, showing the plan first (modstack enable)."
    cli = ("enable",)
    positional = ("code",)
    needs_tenant = True
    options = (DRY_RUN, YES, REASON, JSON)
