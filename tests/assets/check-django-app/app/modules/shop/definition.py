from modstack import ModuleDefinition

shop_module = ModuleDefinition(code="shop")
