events: list[tuple[str, ...]] = []
