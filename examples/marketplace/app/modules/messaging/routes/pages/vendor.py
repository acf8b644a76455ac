"""The vendor's notifications page."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app import db
from app.web import render, tenant_of

from ..api.vendor import notifications_of

router = APIRouter()


@router.get("/notifications", response_class=HTMLResponse)
def notifications_page(request: Request) -> HTMLResponse:
    with db.read() as session:
        sent = notifications_of(request).list(session, tenant_of(request))
    return render(request, "messaging/vendor/notifications.html", notifications=sent)
