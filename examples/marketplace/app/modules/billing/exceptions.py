"""The billing module's errors: what its services raise, caught by its routes."""


class BillingError(Exception):
    """Base class of every error the billing module raises."""
