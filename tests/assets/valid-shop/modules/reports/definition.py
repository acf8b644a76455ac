from modstack import ModuleDefinition

reports = ModuleDefinition("reports", optional_requires=["orders"])
