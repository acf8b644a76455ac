from ...payments.services import PaymentService


class Billing:
    def invoice(self, cents: int) -> int:
        return PaymentService().charge(cents)
