"""The messaging module's errors: what its services raise, caught by its routes."""


class MessagingError(Exception):
    """Base class of every error the messaging module raises."""
