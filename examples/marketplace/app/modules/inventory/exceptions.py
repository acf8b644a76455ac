"""The inventory module's errors."""


class OutOfStock(Exception):
    """Not enough stock for some skus: ``shortages`` maps each to what is available."""

    def __init__(self, shortages: dict[str, int]) -> None:
        self.shortages = shortages
        listed = ", ".join(f"{sku} (only {left} left)" for sku, left in sorted(shortages.items()))
        super().__init__(f"not enough stock: {listed}")


class StockAboveLimit(ValueError):
    def __init__(self, sku: str, location: str, on_hand: int, limit: int) -> None:
        super().__init__(
            f"{sku} at {location}: {on_hand} on hand would be more than the {limit} allowed"
        )


class StockBelowReserved(ValueError):
    def __init__(self, sku: str, location: str, on_hand: int, reserved: int) -> None:
        super().__init__(
            f"{sku} at {location}: {on_hand} on hand would be fewer than the {reserved} reserved"
        )
