class PaymentsError(Exception):
    """Base error of payments."""
