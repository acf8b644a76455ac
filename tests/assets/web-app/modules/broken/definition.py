from modstack import ModuleDefinition

broken = ModuleDefinition("broken", on_startup=".hooks:start")
