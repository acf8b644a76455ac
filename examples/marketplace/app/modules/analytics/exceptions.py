"""The analytics module's errors: what its services raise, caught by its routes."""


class AnalyticsError(Exception):
    """Base class of every error the analytics module raises."""
