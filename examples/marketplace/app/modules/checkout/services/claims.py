"""Claims on carts: a checkout claims the cart before it charges, so concurrent checkouts
of one cart charge once.

A claim is a row keyed by the cart's id (the database refuses a second one, on SQLite
and PostgreSQL alike). It carries the claimant's payment reference, which is also its
token: releasing it, finishing with it, and taking an expired one over are each one
statement that matches that reference, so a checkout whose claim was taken over cannot
finish. A claim expires, so a process that dies while holding one blocks the cart only
until then.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import db

from ..models import CheckoutClaim


@dataclass(frozen=True)
class Claim:
    """A cart this checkout holds, and the payment reference it charges under."""

    cart_id: str
    reference: str


@dataclass(frozen=True)
class Abandoned:
    """An expired claim: its checkout died, maybe after charging ``reference``."""

    cart_id: str
    reference: str


class CartClaims:
    """Take, finish and release claims on carts; a claim lasts ``seconds``."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def take(self, tenant: str, cart_id: str) -> Claim | Abandoned | None:
        """The claim on the cart; the expired claim to settle first (then ``take_over``);
        or None while another checkout holds it."""
        claim = Claim(cart_id, new_reference())
        try:
            with db.write() as session:
                session.add(
                    CheckoutClaim(
                        cart_id=cart_id,
                        tenant=tenant,
                        reference=claim.reference,
                        expires_at=self._expiry(),
                    )
                )
        except IntegrityError:
            pass  # claimed already: by a running checkout, or by a dead one
        else:
            return claim
        with db.read() as session:
            held = session.get(CheckoutClaim, cart_id)
        if held is None or not _expired(held.expires_at):
            return None  # held, or released a moment ago: the caller answers "in progress"
        return Abandoned(cart_id, held.reference)

    def take_over(self, abandoned: Abandoned) -> Claim | None:
        """The expired claim, now ours; None when another attempt took it first."""
        claim = Claim(abandoned.cart_id, new_reference())
        with db.write() as session:
            moved = session.execute(
                sa.update(CheckoutClaim)
                .where(
                    CheckoutClaim.cart_id == abandoned.cart_id,
                    CheckoutClaim.reference == abandoned.reference,
                )
                .values(reference=claim.reference, expires_at=self._expiry())
            )
        return claim if _rows(moved) == 1 else None

    @staticmethod
    def finish(session: Session, claim: Claim) -> bool:
        """Drop the claim in the order's transaction; False when it is no longer ours
        (it expired and another attempt took the cart over)."""
        return _rows(session.execute(_delete(claim))) == 1

    @staticmethod
    def release(claim: Claim) -> None:
        """Give the cart back (the checkout ended without an order)."""
        with db.write() as session:
            session.execute(_delete(claim))

    def _expiry(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.seconds)


def new_reference() -> str:
    """A payment reference: unique per claim, so the gateway never merges two checkouts."""
    return f"pay_{uuid.uuid4().hex}"


def _delete(claim: Claim) -> sa.Delete:
    return sa.delete(CheckoutClaim).where(
        CheckoutClaim.cart_id == claim.cart_id, CheckoutClaim.reference == claim.reference
    )


def _rows(result: sa.Result[object]) -> int:
    count: int = result.rowcount  # type: ignore[attr-defined]
    return count


def _expired(expires_at: datetime) -> bool:
    # SQLite gives the moment back without its zone; it was written in UTC.
    moment = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
    return moment <= datetime.now(UTC)
