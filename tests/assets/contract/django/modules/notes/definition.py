from modstack import ModuleDefinition

notes = ModuleDefinition("notes")
