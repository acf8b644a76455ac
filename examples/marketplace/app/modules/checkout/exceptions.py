"""Why a checkout did not place an order. Each says what happened to the money."""


class CheckoutError(Exception):
    """Base: ``code`` is the answer's machine-readable reason, ``status`` its HTTP status."""

    code = "checkout_failed"
    status = 400


class EmptyCart(CheckoutError):
    code = "cart_empty"

    def __init__(self) -> None:
        super().__init__("the cart is empty; add a product first")


class OrderTooLarge(CheckoutError):
    code = "order_too_large"

    def __init__(self, total_cents: int, limit: int) -> None:
        super().__init__(
            f"the cart's total ({total_cents} cents) is more than an order may be "
            f"({limit} cents); remove some items. Nothing was charged"
        )


class NotEnoughStock(CheckoutError):
    code = "out_of_stock"
    status = 409

    def __init__(self, shortages: dict[str, int]) -> None:
        self.shortages = shortages
        listed = ", ".join(f"{sku} (only {left} left)" for sku, left in sorted(shortages.items()))
        super().__init__(f"not enough stock: {listed}; nothing was charged")


class PaymentUnavailable(CheckoutError):
    """The gateway's circuit is open: the call was not even tried."""

    code = "payment_unavailable"
    status = 503

    def __init__(self, retry_in: float) -> None:
        self.retry_in = retry_in
        super().__init__(
            "payments are unavailable (the gateway failed repeatedly and is paused); "
            f"nothing was charged and no order was created; try again in {max(retry_in, 1):.0f} s"
        )


class CheckoutInProgress(CheckoutError):
    """Another request is checking this cart out (or settling an interrupted checkout)."""

    code = "checkout_in_progress"
    status = 409

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(
            detail or "this cart is being checked out by another request; this one charged nothing"
        )


class PaymentFailed(CheckoutError):
    """The gateway did not answer, even after retries, or the payment failed for a
    reason of our own. The answer names the kind of failure, never its text (which can
    carry internal addresses)."""

    code = "payment_failed"
    status = 502

    def __init__(self, cause: BaseException) -> None:
        if isinstance(cause, (ConnectionError, TimeoutError)):
            what = f"the payment gateway did not answer ({type(cause).__name__})"
        else:
            what = "the payment could not be completed (an internal error)"
        super().__init__(f"{what}; nothing was charged and no order was created")


class PaymentRefused(CheckoutError):
    code = "payment_declined"
    status = 402


class RefundFailed(CheckoutError):
    """No order was placed, and giving back the payment that may have been taken failed:
    the shopper must not be told that nothing was charged. The reference is logged (and
    recorded with the attempt) for settling by hand."""

    code = "refund_pending"
    status = 502

    def __init__(self, why: str, reference: str) -> None:
        self.reference = reference
        super().__init__(
            f"{why}; no order was created, and the payment {reference} may have been "
            "taken: giving it back failed and it will be refunded by hand. Do not pay again "
            "for it"
        )


class OrderOutcomeUnknown(CheckoutError):
    """The database connection was lost while the order was being committed, and it could
    not be asked afterwards whether the order was written. The charge is kept and the cart
    stays claimed: once the claim expires, the next checkout of the cart refunds it, unless
    the order was written (then the cart is empty)."""

    code = "order_outcome_unknown"
    status = 503

    def __init__(self, reference: str) -> None:
        self.reference = reference
        super().__init__(
            f"the order (payment {reference}) may or may not have been placed: the "
            "database connection was lost while saving it. Do not pay again: in a minute "
            "your cart is empty if it was placed; otherwise checking it out again refunds "
            "this payment first"
        )


class OrderNotSaved(CheckoutError):
    """The database connection was lost while the order was being saved, it was not
    saved, and the payment was given back."""

    code = "order_not_saved"
    status = 503

    def __init__(self) -> None:
        super().__init__(
            "the order could not be saved (the database connection was lost); the payment "
            "was refunded and no order was created; try again shortly"
        )
