from modstack import ModuleDefinition

chain = ModuleDefinition("chain", requires=["needs-broken"])
