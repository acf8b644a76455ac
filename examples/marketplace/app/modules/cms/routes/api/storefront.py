"""Published content pages."""

from fastapi import APIRouter, HTTPException, Request

from app import db
from app.web import tenant_of

from ...schemas import PageOut
from ...services import ContentPages

router = APIRouter()


def page_of(request: Request, slug: str) -> PageOut:
    pages: ContentPages = request.app.state.modstack.services.get_service("content_pages")
    with db.read() as session:
        page = pages.get(session, tenant_of(request), slug)
    if page is None:
        raise HTTPException(404, f"no published page {slug!r}")
    return page


@router.get("/pages/{slug}", response_model=PageOut)
def get_page(request: Request, slug: str) -> PageOut:
    return page_of(request, slug)
