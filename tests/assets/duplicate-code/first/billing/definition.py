from modstack import ModuleDefinition

billing = ModuleDefinition("billing", version="1.0.0")
