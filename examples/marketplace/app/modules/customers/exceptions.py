"""The customers module's errors: what its services raise, caught by its routes."""


class CustomersError(Exception):
    """Base class of every error the customers module raises."""
