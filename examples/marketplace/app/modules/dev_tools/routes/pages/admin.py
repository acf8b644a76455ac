"""The component library: every UI element of the layout, rendered, for designers and
developers (/admin/components)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web import render

router = APIRouter()


@router.get("/components", response_class=HTMLResponse)
def components_page(request: Request) -> HTMLResponse:
    stack = request.app.state.modstack
    templates = sorted(stack.templates.env.list_templates())
    return render(request, "dev_tools/admin/components.html", templates=templates)
