class BillingError(Exception):
    """Base error of billing."""
