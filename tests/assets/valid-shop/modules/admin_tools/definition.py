from modstack import ModuleDefinition

admin_tools = ModuleDefinition("admin-tools", is_internal=True, requires=["core"])
