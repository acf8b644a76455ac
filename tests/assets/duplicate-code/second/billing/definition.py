from modstack import ModuleDefinition

billing = ModuleDefinition("billing", version="2.0.0")
