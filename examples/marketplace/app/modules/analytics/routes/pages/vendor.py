"""The vendor's analytics page."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app.auth import require_vendor_page
from app.web import render

from ..api.vendor import figures_of

router = APIRouter(dependencies=[Depends(require_vendor_page)])


@router.get("/analytics", response_class=HTMLResponse)
def analytics_page(request: Request) -> HTMLResponse:
    return render(request, "analytics/vendor/analytics.html", figures=figures_of(request))
