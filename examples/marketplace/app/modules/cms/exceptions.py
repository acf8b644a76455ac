"""The cms module's errors: what its services raise, caught by its routes."""


class CmsError(Exception):
    """Base class of every error the cms module raises."""
