from modstack import ModuleDefinition

open_module = ModuleDefinition("open")
