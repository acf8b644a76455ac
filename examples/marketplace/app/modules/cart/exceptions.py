"""The cart module's errors."""


class CatalogUnavailable(RuntimeError):
    """The platform does not run the catalog, so there is nothing to put in a cart."""

    def __init__(self, tenant: str) -> None:
        super().__init__(f"tenant {tenant!r} has no catalog to add products from")


class ItemNotFound(LookupError):
    def __init__(self, item: int) -> None:
        super().__init__(f"no cart item {item}")
