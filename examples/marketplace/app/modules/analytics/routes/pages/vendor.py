"""The vendor's analytics page."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web import render

from ..api.vendor import figures_of

router = APIRouter()


@router.get("/analytics", response_class=HTMLResponse)
def analytics_page(request: Request) -> HTMLResponse:
    return render(request, "analytics/vendor/analytics.html", figures=figures_of(request))
