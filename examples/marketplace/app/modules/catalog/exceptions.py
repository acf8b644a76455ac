"""The catalog module's errors."""


class ProductNotFound(LookupError):
    def __init__(self, product: int | str) -> None:
        self.product = product
        super().__init__(f"no product {product!r}")


class DuplicateSku(ValueError):
    def __init__(self, sku: str) -> None:
        self.sku = sku
        super().__init__(f"a product with sku {sku!r} exists already")
