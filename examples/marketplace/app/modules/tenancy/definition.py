"""Tenancy: platforms, companies, vendors and admin users."""

from modstack import ModuleDefinition

tenancy_module = ModuleDefinition(
    code="tenancy",
    name="Tenancy",
    description="Platforms, companies, vendors and admin users.",
    version="1.0.0",
    tier="core",
    requires=["core>=1.0"],
    features=["platforms", "vendors", "admin_users"],
    menu_items={"admin": ["platforms", "vendors", "admin-users"], "vendor": ["team"]},
    permissions={"admin": ["tenancy.manage"], "vendor": ["tenancy.team"]},
)
