"""Content pages: a platform's about page, terms, and so on."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base


class ContentPage(Base):
    __tablename__ = "content_pages"
    __table_args__ = (sa.UniqueConstraint("tenant", "slug", name="uq_content_pages_tenant_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant: Mapped[str] = mapped_column(sa.String(64))
    slug: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)
    published: Mapped[bool] = mapped_column(sa.Boolean)
