"""The core module's errors: what its services raise, caught by its routes."""


class CoreError(Exception):
    """Base class of every error the core module raises."""
