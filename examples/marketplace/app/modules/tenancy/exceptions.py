"""The tenancy module's errors: what its services raise, caught by its routes."""


class TenancyError(Exception):
    """Base class of every error the tenancy module raises."""


class VendorExists(TenancyError, ValueError):
    """A vendor with this code or e-mail address is on the platform already."""

    def __init__(self, tenant: str, field: str, value: str) -> None:
        self.field = field
        super().__init__(f"platform {tenant!r} has a vendor with {field} {value!r} already")
