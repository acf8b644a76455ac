"""The tenancy module's errors: what its services raise, caught by its routes."""


class TenancyError(Exception):
    """Base class of every error the tenancy module raises."""


class VendorExists(TenancyError, ValueError):
    """A vendor with this code or e-mail address is on the platform already."""

    def __init__(self, tenant: str, field: str, value: str) -> None:
        self.field = field
        super().__init__(f"platform {tenant!r} has a vendor with {field} {value!r} already")


class TooManySignIns(TenancyError):
    """Too many wrong passwords lately, from this address or for this account."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, round(retry_after))
        super().__init__(f"too many failed sign-ins; try again in {self.retry_after} s")
