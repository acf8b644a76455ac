"""The payments module's services."""

from modstack.services import BaseService


class PaymentGateway(BaseService):
    """A simulated payment gateway."""

    service_name = "payment_gateway"
    version = "2.1.0"
    retry_delay = 0.001

    def charge(self, amount: int) -> dict[str, object]:
        if amount <= 0:
            raise ValueError("amounts are positive")
        return {"charged": amount}
