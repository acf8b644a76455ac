"""The catalog module's services."""

from __future__ import annotations

from typing import Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..exceptions import DuplicateSku, ProductNotFound
from ..models import Product
from ..schemas import ProductChange, ProductIn, ProductOut


class StockLevels(Protocol):
    """What the catalog shows from the inventory module's ``stock`` service."""

    def available(self, session: Session, tenant: str, skus: list[str]) -> dict[str, int]: ...


class ProductCatalog(BaseService):
    """A platform's products; with inventory on, each carries its units in stock."""

    service_name = "catalog"
    version = "1.1.0"

    def list(
        self, session: Session, tenant: str, *, search: str | None = None, everything: bool = False
    ) -> list[ProductOut]:
        """Active products by name (``everything``: inactive ones too), matching
        ``search`` in name or sku."""
        query = sa.select(Product).where(Product.tenant == tenant).order_by(Product.name)
        if not everything:
            query = query.where(Product.active.is_(True))
        if search:
            pattern = f"%{search.lower()}%"
            query = query.where(
                sa.or_(
                    sa.func.lower(Product.name).like(pattern),
                    sa.func.lower(Product.sku).like(pattern),
                )
            )
        return self._with_stock(
            session, tenant, [ProductOut.model_validate(p) for p in session.scalars(query)]
        )

    def get(self, session: Session, tenant: str, product_id: int) -> ProductOut:
        """Raises ProductNotFound (also for another tenant's product)."""
        product = session.get(Product, product_id)
        if product is None or product.tenant != tenant:
            raise ProductNotFound(product_id)
        return self._with_stock(session, tenant, [ProductOut.model_validate(product)])[0]

    def add(self, session: Session, tenant: str, product: ProductIn) -> ProductOut:
        """Raises DuplicateSku."""
        if session.scalar(
            sa.select(Product.id).where(Product.tenant == tenant, Product.sku == product.sku)
        ):
            raise DuplicateSku(product.sku)
        row = Product(tenant=tenant, **product.model_dump())
        session.add(row)
        session.flush()
        return ProductOut.model_validate(row)

    def change(
        self, session: Session, tenant: str, product_id: int, change: ProductChange
    ) -> ProductOut:
        """Raises ProductNotFound."""
        product = session.get(Product, product_id)
        if product is None or product.tenant != tenant:
            raise ProductNotFound(product_id)
        for field, value in change.model_dump(exclude_none=True).items():
            setattr(product, field, value)
        session.flush()
        return ProductOut.model_validate(product)

    def upsert(self, session: Session, tenant: str, product: ProductIn) -> ProductOut:
        """Create the product, or update the one with its sku (a feed import)."""
        row = session.scalar(
            sa.select(Product).where(Product.tenant == tenant, Product.sku == product.sku)
        )
        if row is None:
            return self.add(session, tenant, product)
        for field, value in product.model_dump().items():
            setattr(row, field, value)
        session.flush()
        return ProductOut.model_validate(row)

    def _with_stock(
        self, session: Session, tenant: str, products: list[ProductOut]
    ) -> list[ProductOut]:
        if (
            not products
            or self.runtime.lookup is None
            or not self.module_enabled(tenant, "inventory")
        ):
            return products
        stock: StockLevels = self.runtime.lookup("stock")  # type: ignore[assignment]
        available = stock.available(session, tenant, [p.sku for p in products])
        return [p.model_copy(update={"available": available.get(p.sku, 0)}) for p in products]
