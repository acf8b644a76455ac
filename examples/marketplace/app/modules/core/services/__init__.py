"""The core module's services."""

from __future__ import annotations

from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..models import PlatformProfile
from ..schemas import Profile


class PlatformProfiles(BaseService):
    """A tenant's display name, tagline and currency."""

    service_name = "platform_profiles"

    def get(self, session: Session, tenant: str) -> Profile:
        """The tenant's profile (a plain one when none was saved)."""
        found = session.get(PlatformProfile, tenant)
        if found is None:
            return Profile(tenant=tenant, display_name=tenant.title(), tagline="", currency="EUR")
        return Profile.model_validate(found)

    def save(self, session: Session, profile: Profile) -> None:
        """Create or replace the tenant's profile."""
        session.merge(PlatformProfile(**profile.model_dump()))
