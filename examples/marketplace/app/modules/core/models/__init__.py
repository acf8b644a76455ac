"""The platform profile: how a tenant presents itself."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class PlatformProfile(Base):
    __tablename__ = "platform_profiles"

    tenant: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    tagline: Mapped[str] = mapped_column(sa.String(200), default="")
    currency: Mapped[str] = mapped_column(sa.String(3), default="EUR")
