from modstack import ModuleDefinition

bad_import = ModuleDefinition("bad-import")
