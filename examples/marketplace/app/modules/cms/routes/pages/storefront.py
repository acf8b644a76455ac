"""Content pages on the storefront: /storefront/pages/<slug>."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web import render

from ..api.storefront import page_of

router = APIRouter()


@router.get("/pages/{slug}", response_class=HTMLResponse)
def content_page(request: Request, slug: str) -> HTMLResponse:
    return render(request, "cms/storefront/page.html", page=page_of(request, slug))
