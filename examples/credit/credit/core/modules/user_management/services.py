"""Registering, finding and changing users; every change is announced to the audit trail
in its own transaction."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from credit.db import Change, Database
from credit.errors import ConflictError, CreditError, NotFoundError

from .models import User

STATUSES = ("active", "suspended")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@dataclass(frozen=True, slots=True)
class UserView:
    """A user, as services and routes hand it around."""

    id: int
    tenant: str
    email: str
    name: str
    status: str

    @property
    def is_active(self) -> bool:
        """Whether the user may move money."""
        return self.status == "active"


def _view(user: User) -> UserView:
    return UserView(user.id, user.tenant, user.email, user.name, user.status)


class UserDirectory:
    """The users of every tenant; each call names its tenant."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def register(self, tenant: str, email: str, name: str, *, actor: str = "system") -> UserView:
        """Add a user. CreditError for a malformed e-mail or empty name, ConflictError
        when the tenant has a user with that e-mail already."""
        address = _email(email)
        shown = _name(name)
        with self.database.write() as session:
            taken = session.scalar(
                sa.select(User.id).where(User.tenant == tenant, User.email == address)
            )
            if taken is not None:
                raise ConflictError(f"{address} is registered already", field="email")
            user = User(
                tenant=tenant,
                email=address,
                name=shown,
                status="active",
                created_at=datetime.now(UTC),
            )
            session.add(user)
            session.flush()
            self.database.changed(
                session,
                Change(
                    tenant,
                    "user.created",
                    f"user:{user.id}",
                    actor,
                    {"email": address, "name": shown},
                ),
            )
            return _view(user)

    def find(self, tenant: str, user_id: int) -> UserView | None:
        """The user, or None when the tenant has no such user."""
        with self.database.read() as session:
            user = session.get(User, user_id)
            return _view(user) if user is not None and user.tenant == tenant else None

    def get(self, tenant: str, user_id: int) -> UserView:
        """The user; NotFoundError when the tenant has no such user."""
        found = self.find(tenant, user_id)
        if found is None:
            raise NotFoundError(f"user {user_id} not found", field="user_id")
        return found

    def list(self, tenant: str) -> list[UserView]:
        """The tenant's users, oldest first."""
        with self.database.read() as session:
            users = session.scalars(sa.select(User).where(User.tenant == tenant).order_by(User.id))
            return [_view(u) for u in users]

    def update(
        self,
        tenant: str,
        user_id: int,
        *,
        name: str | None = None,
        status: str | None = None,
        actor: str = "system",
    ) -> UserView:
        """Change a user's name or status (``active`` / ``suspended``); the audit trail
        gets what changed, before and after."""
        with self.database.write() as session:
            user = _locked(session, tenant, user_id)
            before = {"name": user.name, "status": user.status}
            if name is not None:
                user.name = _name(name)
            if status is not None:
                if status not in STATUSES:
                    raise CreditError(
                        f"status must be one of {', '.join(STATUSES)}, not {status!r}",
                        field="status",
                    )
                user.status = status
            after = {"name": user.name, "status": user.status}
            changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
            if changed:
                session.flush()
                self.database.changed(
                    session, Change(tenant, "user.updated", f"user:{user.id}", actor, changed)
                )
            return _view(user)


def _locked(session: Session, tenant: str, user_id: int) -> User:
    user = session.scalar(
        sa.select(User).where(User.id == user_id, User.tenant == tenant).with_for_update()
    )
    if user is None:
        raise NotFoundError(f"user {user_id} not found", field="user_id")
    return user


def _email(value: object) -> str:
    if not isinstance(value, str) or not EMAIL.fullmatch(value.strip()) or len(value) > 200:
        raise CreditError(
            f"email must be an address like ann@example.com, not {value!r}", field="email"
        )
    return value.strip().lower()


def _name(value: object) -> str:
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > 120:
        raise CreditError("name must be 1 to 120 characters", field="name")
    return value.strip()
