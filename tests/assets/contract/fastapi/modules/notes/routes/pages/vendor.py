from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.get("/notes", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    templates = request.app.state.modstack.templates
    return templates.TemplateResponse(request, "notes/hello.html", {"who": "<world>"})
