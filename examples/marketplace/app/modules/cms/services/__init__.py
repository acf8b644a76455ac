"""The cms module's services."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from modstack.services import BaseService

from ..models import ContentPage
from ..schemas import PageIn, PageOut


class ContentPages(BaseService):
    """A platform's content pages, by slug."""

    service_name = "content_pages"

    def get(
        self, session: Session, tenant: str, slug: str, *, drafts: bool = False
    ) -> PageOut | None:
        query = sa.select(ContentPage).where(ContentPage.tenant == tenant, ContentPage.slug == slug)
        row = session.scalar(query)
        if row is None or not (row.published or drafts):
            return None
        return PageOut.model_validate(row)

    def save(self, session: Session, tenant: str, slug: str, page: PageIn) -> PageOut:
        query = sa.select(ContentPage).where(ContentPage.tenant == tenant, ContentPage.slug == slug)
        row = session.scalar(query) or ContentPage(tenant=tenant, slug=slug)
        row.title, row.body, row.published = page.title, page.body, page.published
        session.add(row)
        session.flush()
        return PageOut.model_validate(row)
