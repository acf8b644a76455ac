"""The marketplace module's errors: what its services raise, caught by its routes."""


class MarketplaceError(Exception):
    """Base class of every error the marketplace module raises."""
