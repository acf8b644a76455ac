from modstack import ModuleDefinition

misnamed = ModuleDefinition("other-name")
