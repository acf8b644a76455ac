"""The monitoring module's errors: what its services raise, caught by its routes."""


class MonitoringError(Exception):
    """Base class of every error the monitoring module raises."""
