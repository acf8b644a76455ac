"""The inventory module's services."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.types import MAX_UNITS
from modstack.services import BaseService

from ..exceptions import OutOfStock, StockAboveLimit, StockBelowReserved
from ..models import StockLevel, StockReservation
from ..schemas import ReservationOut, StockOut


class StockService(BaseService):
    """Stock levels per sku and location; reservations taken by orders."""

    service_name = "stock"

    def levels(self, session: Session, tenant: str) -> list[StockOut]:
        query = (
            sa.select(StockLevel)
            .where(StockLevel.tenant == tenant)
            .order_by(StockLevel.sku, StockLevel.location)
        )
        return [StockOut.model_validate(row) for row in session.scalars(query)]

    def available(self, session: Session, tenant: str, skus: list[str]) -> dict[str, int]:
        """sku -> units on hand and not reserved, over every location."""
        query = (
            sa.select(StockLevel.sku, sa.func.sum(StockLevel.on_hand - StockLevel.reserved))
            .where(StockLevel.tenant == tenant, StockLevel.sku.in_(skus))
            .group_by(StockLevel.sku)
        )
        return {sku: int(total) for sku, total in session.execute(query)}

    def reserve(
        self, session: Session, tenant: str, reference: str, wanted: dict[str, int]
    ) -> None:
        """Reserve ``wanted`` (sku -> units) for ``reference``, taking from locations in
        name order. All or nothing: raises OutOfStock naming every short sku (the caller's
        transaction rolls back)."""
        shortages: dict[str, int] = {}
        for sku, count in sorted(wanted.items()):
            rows = session.scalars(
                sa.select(StockLevel)
                .where(StockLevel.tenant == tenant, StockLevel.sku == sku)
                .order_by(StockLevel.location)
                .with_for_update()
            ).all()
            left = sum(row.on_hand - row.reserved for row in rows)
            if left < count:
                shortages[sku] = left
                continue
            for row in rows:
                take = min(count, row.on_hand - row.reserved)
                if take <= 0:
                    continue
                row.reserved += take
                count -= take
                session.add(
                    StockReservation(
                        tenant=tenant,
                        reference=reference,
                        sku=sku,
                        location=row.location,
                        quantity=take,
                        created_at=datetime.now(UTC),
                    )
                )
                if count == 0:
                    break
        if shortages:
            raise OutOfStock(shortages)
        session.flush()

    def reservations(self, session: Session, tenant: str, reference: str) -> list[ReservationOut]:
        query = sa.select(StockReservation).where(
            StockReservation.tenant == tenant, StockReservation.reference == reference
        )
        return [ReservationOut.model_validate(row) for row in session.scalars(query)]

    def adjust(
        self, session: Session, tenant: str, sku: str, location: str, delta: int
    ) -> StockOut:
        """Add ``delta`` units (negative to remove) at ``location``. Raises
        StockBelowReserved when fewer units would remain than are reserved, and
        StockAboveLimit past ``MAX_UNITS``."""
        row = session.scalar(
            sa.select(StockLevel)
            .where(
                StockLevel.tenant == tenant, StockLevel.sku == sku, StockLevel.location == location
            )
            .with_for_update()
        )
        if row is None:
            row = StockLevel(tenant=tenant, sku=sku, location=location, on_hand=0, reserved=0)
            session.add(row)
        if row.on_hand + delta < row.reserved:
            raise StockBelowReserved(sku, location, row.on_hand + delta, row.reserved)
        if row.on_hand + delta > MAX_UNITS:
            raise StockAboveLimit(sku, location, row.on_hand + delta, MAX_UNITS)
        row.on_hand += delta
        session.flush()
        return StockOut.model_validate(row)

    def set_level(
        self, session: Session, tenant: str, sku: str, location: str, on_hand: int
    ) -> StockOut:
        """Set the units on hand at ``location`` (a stock count or a feed import)."""
        row = session.scalar(
            sa.select(StockLevel).where(
                StockLevel.tenant == tenant, StockLevel.sku == sku, StockLevel.location == location
            )
        )
        current = row.on_hand if row is not None else 0
        return self.adjust(session, tenant, sku, location, on_hand - current)
