from modstack import ModuleDefinition

billing = ModuleDefinition("billing")
