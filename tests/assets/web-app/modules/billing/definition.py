from modstack import ModuleDefinition

billing = ModuleDefinition("billing", requires=["payments"], on_enable=".hooks:enabled")
