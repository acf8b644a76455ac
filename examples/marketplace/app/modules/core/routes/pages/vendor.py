"""The vendor dashboard page."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app.auth import require_vendor_page
from app.web import render

from ..api.vendor import dashboard_of

router = APIRouter(dependencies=[Depends(require_vendor_page)])


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request) -> HTMLResponse:
    return render(request, "core/vendor/dashboard.html", dashboard=dashboard_of(request))
