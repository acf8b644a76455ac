"""The credit system's errors: each says what was refused and why, in words a caller can
show; ``status`` is the HTTP status a route answers with."""

from __future__ import annotations


class CreditError(Exception):
    """A refused request (bad input, unknown record, rule broken); nothing was changed."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_data(self) -> dict[str, str]:
        """The error as a JSON body."""
        data = {"error": type(self).__name__, "message": self.message}
        if self.field is not None:
            data["field"] = self.field
        return data


class NotFoundError(CreditError):
    """The record does not exist for this tenant."""

    status = 404


class ConflictError(CreditError):
    """The request contradicts what is stored (a duplicate, a reused key)."""

    status = 409


def positive_cents(value: object, field: str = "amount_cents") -> int:
    """``value`` as a positive whole number of cents; CreditError naming ``field`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise CreditError(f"{field} must be a whole number of cents, not {value!r}", field=field)
    if value <= 0:
        raise CreditError(f"{field} must be more than 0, not {value}", field=field)
    if value > 10**13:
        raise CreditError(f"{field} is too large: {value}", field=field)
    return value
