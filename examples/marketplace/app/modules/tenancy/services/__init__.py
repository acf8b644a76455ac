"""The tenancy module's services."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cached_property

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from modstack.services import BaseService
from modstack.web.throttle import SignInThrottle

from ..exceptions import TooManySignIns, VendorExists
from ..models import AdminUser, Vendor
from ..schemas import AdminUserOut, NewVendor, VendorOut
from .passwords import hash_password, password_matches


class VendorDirectory(BaseService):
    """The vendors of each platform."""

    service_name = "vendors"

    def list(self, session: Session, tenant: str) -> list[VendorOut]:
        rows = session.scalars(
            sa.select(Vendor).where(Vendor.tenant == tenant).order_by(Vendor.code)
        )
        return [VendorOut.model_validate(row) for row in rows]

    def add(self, session: Session, tenant: str, vendor: NewVendor) -> VendorOut:
        """Raises VendorExists when the platform has a vendor with its code or e-mail."""
        taken = session.scalar(
            sa.select(Vendor.code).where(Vendor.tenant == tenant, Vendor.code == vendor.code)
        )
        if taken is not None:
            raise VendorExists(tenant, "code", vendor.code)
        if self._by_email(session, tenant, vendor.email) is not None:
            raise VendorExists(tenant, "e-mail", vendor.email)
        row = Vendor(tenant=tenant, created_at=datetime.now(UTC), **vendor.model_dump())
        session.add(row)
        try:
            session.flush()
        except IntegrityError as error:  # added meanwhile: the transaction rolls back
            if "email" in str(error.orig):
                raise VendorExists(tenant, "e-mail", vendor.email) from None
            raise VendorExists(tenant, "code", vendor.code) from None
        return VendorOut.model_validate(row)

    def set_password(self, session: Session, tenant: str, email: str, password: str) -> None:
        """Give the vendor of ``tenant`` with ``email`` a new password (stored hashed).
        Raises LookupError when there is no such vendor."""
        row = self._by_email(session, tenant, email)
        if row is None:
            raise LookupError(f"no vendor {email!r} for {tenant!r}")
        row.password_hash = hash_password(password)

    @cached_property
    def throttle(self) -> SignInThrottle:
        """Failed sign-ins per client address and per account (10 in 5 minutes)."""
        return SignInThrottle()

    def authenticate(
        self, session: Session, tenant: str, email: str, password: str, *, client: str | None
    ) -> VendorOut | None:
        """The vendor of ``tenant`` whose e-mail and password these are, or None (the
        same work is done for an unknown e-mail, so timing does not tell them apart).
        Raises TooManySignIns after too many failures from ``client`` (its address) or
        for the account."""
        keys = [("account", tenant, email.lower())]
        if client is not None:
            keys.append(("client", client))
        wait = self.throttle.retry_after(*keys)
        if wait is not None:
            raise TooManySignIns(wait)
        row = self._by_email(session, tenant, email)
        stored = row.password_hash if row is not None else None
        if not password_matches(password, stored) or row is None:
            self.throttle.failed(*keys)
            return None
        self.throttle.succeeded(keys[0])
        return VendorOut.model_validate(row)

    def _by_email(self, session: Session, tenant: str, email: str) -> Vendor | None:
        return session.scalars(
            sa.select(Vendor).where(
                Vendor.tenant == tenant, sa.func.lower(Vendor.email) == email.lower()
            )
        ).first()

    def admins(self, session: Session) -> list[AdminUserOut]:
        rows = session.scalars(sa.select(AdminUser).order_by(AdminUser.email))
        return [AdminUserOut.model_validate(row) for row in rows]

    def add_admin(self, session: Session, email: str, name: str, role: str = "owner") -> None:
        session.add(AdminUser(email=email, name=name, role=role))
