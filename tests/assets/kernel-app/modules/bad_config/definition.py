from modstack import ModuleDefinition

bad_config = ModuleDefinition("bad-config")
