"""The tenancy module's errors: what its services raise, caught by its routes."""


class TenancyError(Exception):
    """Base class of every error the tenancy module raises."""
