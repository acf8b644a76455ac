"""The Django seed's modules, as the seed writes them; only the imports name modstack."""
