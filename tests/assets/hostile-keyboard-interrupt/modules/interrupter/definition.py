"""A definition that raises KeyboardInterrupt itself (nobody pressed Ctrl-C)."""

raise KeyboardInterrupt("raised by the definition")
