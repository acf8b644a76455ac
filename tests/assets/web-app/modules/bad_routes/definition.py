from modstack import ModuleDefinition

bad_routes = ModuleDefinition("bad-routes")
