from modstack import ModuleDefinition

payments_module = ModuleDefinition(code="payments")  # modstack: ignore[MOD-008]
