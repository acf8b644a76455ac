"""The simulated gateway's errors, as a real gateway client raises them."""


class GatewayUnavailable(ConnectionError):
    """The gateway did not answer (retried by the service layer)."""


class PaymentDeclined(Exception):
    """The gateway refused the charge (never retried)."""
