from sqlalchemy.orm import Mapped, mapped_column

from ..._db import Base


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    amount: Mapped[int]
