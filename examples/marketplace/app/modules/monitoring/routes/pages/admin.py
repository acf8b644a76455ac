"""The monitoring page: /admin/monitoring."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.web import render

from ...overview import overview

router = APIRouter()


@router.get("/monitoring", response_class=HTMLResponse)
async def monitoring_page(request: Request) -> HTMLResponse:
    return render(request, "monitoring/admin/monitoring.html", overview=await overview(request))
