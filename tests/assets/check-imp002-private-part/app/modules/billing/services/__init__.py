from app.modules.payments.models import Payment


class Billing:
    def last(self) -> type:
        return Payment
