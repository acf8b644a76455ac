"""Vendors (one or more per platform) and the platform's admin users."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class Vendor(Base):
    __tablename__ = "vendors"
    __table_args__ = (
        sa.UniqueConstraint("tenant", "code", name="uq_vendors_tenant_code"),
        sa.UniqueConstraint("tenant", "email", name="uq_vendors_tenant_email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    name: Mapped[str] = mapped_column(sa.String(120))
    email: Mapped[str] = mapped_column(sa.String(200))
    """Lower case (``NewVendor`` lowers it), so the constraint ignores case."""
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    password_hash: Mapped[str | None] = mapped_column(sa.String(200), default=None)
    """``scrypt$<n>$<r>$<p>$<salt>$<hash>``; None: the vendor cannot sign in."""


class AdminUser(Base):
    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[str] = mapped_column(sa.String(32))
