from modstack import ModuleDefinition

billing = ModuleDefinition(
    "billing",
    version="1.2.0",
    requires=["payments>=1.2,<2"],
    optional_requires=["reports"],
    features=["invoices"],
    menu_items={"vendor": ["invoices"]},
    permissions={"vendor": ["billing.view"]},
    on_startup="billing_hooks:start",
)
