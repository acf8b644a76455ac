from modstack import ModuleDefinition

failing = ModuleDefinition("failing", on_startup=".hooks:start")
