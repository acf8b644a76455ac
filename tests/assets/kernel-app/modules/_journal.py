"""What the hooks of this tree did, in order."""

events: list[tuple[str, ...]] = []
