from modstack import ModuleDefinition

syntax_error = ModuleDefinition("syntax_error"
