"""The cart module's services."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..exceptions import CatalogUnavailable, ItemNotFound
from ..models import Cart, CartItem
from ..schemas import CartOut, ItemOut


class Products(Protocol):
    """What the cart needs from the catalog module's ``catalog`` service."""

    def get(self, session: Session, tenant: str, product_id: int) -> Any: ...


class CartService(BaseService):
    """Carts, their lines, and their totals."""

    service_name = "carts"

    def get(self, session: Session, tenant: str, cart_id: str | None) -> CartOut:
        """The cart (an empty one when ``cart_id`` is unknown or another tenant's)."""
        cart = self._cart(session, tenant, cart_id)
        items = [ItemOut.model_validate(item) for item in cart.items] if cart else []
        return CartOut(
            id=cart.id if cart else None,
            items=items,
            total_cents=sum(i.quantity * i.unit_price_cents for i in items),
            currency=items[0].currency if items else "EUR",
        )

    def add(
        self, session: Session, tenant: str, cart_id: str | None, product_id: int, quantity: int
    ) -> str:
        """Put ``quantity`` of a product in the cart (created when needed; the price is
        the catalog's now). Returns the cart's id. Raises CatalogUnavailable, and the
        catalog's ProductNotFound."""
        if self.runtime.lookup is None or not self.module_enabled(tenant, "catalog"):
            raise CatalogUnavailable(tenant)
        catalog: Products = self.runtime.lookup("catalog")  # type: ignore[assignment]
        product = catalog.get(session, tenant, product_id)
        cart = self._cart(session, tenant, cart_id)
        if cart is None:
            cart = Cart(id=str(uuid.uuid4()), tenant=tenant, created_at=datetime.now(UTC))
            session.add(cart)
        line = next((i for i in cart.items if i.product_id == product_id), None)
        if line is None:
            cart.items.append(
                CartItem(
                    product_id=product_id,
                    sku=product.sku,
                    name=product.name,
                    unit_price_cents=product.price_cents,
                    currency=product.currency,
                    quantity=quantity,
                )
            )
        else:
            line.quantity += quantity
        session.flush()
        return cart.id

    def set_quantity(
        self, session: Session, tenant: str, cart_id: str | None, item_id: int, quantity: int
    ) -> None:
        """Change a line's quantity (0 removes it). Raises ItemNotFound."""
        cart = self._cart(session, tenant, cart_id)
        line = next((i for i in cart.items if i.id == item_id), None) if cart else None
        if cart is None or line is None:
            raise ItemNotFound(item_id)
        if quantity == 0:
            cart.items.remove(line)
        else:
            line.quantity = quantity
        session.flush()

    def clear(
        self, session: Session, tenant: str, cart_id: str, ordered: Sequence[ItemOut]
    ) -> None:
        """Take the ``ordered`` lines out of the cart (after checkout). What the shopper
        added meanwhile stays: a line added, or the part of a quantity raised, after the
        checkout read the cart."""
        taken = {item.id: item.quantity for item in ordered}
        lines = session.scalars(
            sa.select(CartItem)
            .join(Cart, Cart.id == CartItem.cart_id)
            .where(Cart.id == cart_id, Cart.tenant == tenant, CartItem.id.in_(list(taken)))
            .with_for_update(of=CartItem)  # a change the shopper makes meanwhile waits
            .execution_options(populate_existing=True)
        )
        for line in lines:
            left = line.quantity - taken[line.id]
            if left > 0:
                line.quantity = left
            else:
                session.delete(line)
        session.flush()

    @staticmethod
    def _cart(session: Session, tenant: str, cart_id: str | None) -> Cart | None:
        if not cart_id:
            return None
        cart = session.get(Cart, cart_id, populate_existing=True)
        return cart if cart is not None and cart.tenant == tenant else None
