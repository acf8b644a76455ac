from modstack.django import BaseModule, module


@module(name="payments", version="1.0.0", description="Not configured", dependencies=[])
class PaymentsModule(BaseModule):

    def initialize(self) -> bool:
        return False  # the seed's way to report a failed start


@module(name="checkout", version="1.0.0", description="Needs payments", dependencies=["payments"])
class CheckoutModule(BaseModule):

    def initialize(self) -> bool:
        return True
