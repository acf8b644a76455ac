"""The vendor's notifications page."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from app import db
from app.auth import require_vendor_page
from app.web import render, tenant_of

from ..api.vendor import notifications_of

router = APIRouter(dependencies=[Depends(require_vendor_page)])


@router.get("/notifications", response_class=HTMLResponse)
def notifications_page(request: Request) -> HTMLResponse:
    with db.read() as session:
        sent = notifications_of(request).list(session, tenant_of(request))
    return render(request, "messaging/vendor/notifications.html", notifications=sent)
