"""The vendor dashboard page."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web import render

from ..api.vendor import dashboard_of

router = APIRouter()


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request) -> HTMLResponse:
    return render(request, "core/vendor/dashboard.html", dashboard=dashboard_of(request))
