"""The dev-tools module's errors: what its services raise, caught by its routes."""


class DevToolsError(Exception):
    """Base class of every error the dev-tools module raises."""
