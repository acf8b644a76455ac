import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..._db import Base


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(sa.ForeignKey("payments.id"))
    total: Mapped[int]
    currency: Mapped[str] = mapped_column(sa.String(3))
