from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.get("/{vendor}/billing", response_class=HTMLResponse)
async def billing_page(request: Request, vendor: str) -> HTMLResponse:
    templates = request.app.state.modstack.templates
    locale = request.query_params.get("lang", "en")
    return templates.TemplateResponse(
        request, "billing/vendor/index.html", {"vendor": vendor, "locale": locale}
    )
