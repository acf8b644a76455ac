"""The tenancy module's services."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..models import AdminUser, Vendor
from ..schemas import AdminUserOut, NewVendor, VendorOut


class VendorDirectory(BaseService):
    """The vendors of each platform."""

    service_name = "vendors"

    def list(self, session: Session, tenant: str) -> list[VendorOut]:
        rows = session.scalars(
            sa.select(Vendor).where(Vendor.tenant == tenant).order_by(Vendor.code)
        )
        return [VendorOut.model_validate(row) for row in rows]

    def add(self, session: Session, tenant: str, vendor: NewVendor) -> VendorOut:
        row = Vendor(tenant=tenant, created_at=datetime.now(UTC), **vendor.model_dump())
        session.add(row)
        session.flush()
        return VendorOut.model_validate(row)

    def admins(self, session: Session) -> list[AdminUserOut]:
        rows = session.scalars(sa.select(AdminUser).order_by(AdminUser.email))
        return [AdminUserOut.model_validate(row) for row in rows]

    def add_admin(self, session: Session, email: str, name: str, role: str = "owner") -> None:
        session.add(AdminUser(email=email, name=name, role=role))
