"""Vendors write their platform's content pages."""

from fastapi import APIRouter, Depends, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...schemas import PageIn, PageOut
from ...services import ContentPages

router = APIRouter(dependencies=[Depends(require_vendor)])


@router.put("/pages/{slug}", response_model=PageOut)
def save_page(request: Request, slug: str, page: PageIn) -> PageOut:
    pages: ContentPages = request.app.state.modstack.services.get_service("content_pages")
    with db.write() as session:
        return pages.save(session, tenant_of(request), slug, page)
