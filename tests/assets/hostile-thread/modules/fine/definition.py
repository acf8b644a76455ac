from modstack import ModuleDefinition

fine = ModuleDefinition("fine")
