from modstack import ModuleDefinition

accounts = ModuleDefinition("accounts", is_core=True, requires=["core>=2"])
