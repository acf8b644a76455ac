from modstack import ModuleDefinition

needs_broken = ModuleDefinition("needs-broken", requires=["broken"])
