"""The orders module's errors."""


class OrderNotFound(LookupError):
    def __init__(self, number: str) -> None:
        self.number = number
        super().__init__(f"no order {number!r}")
