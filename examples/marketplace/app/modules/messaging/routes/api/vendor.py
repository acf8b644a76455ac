"""The notifications the platform sent."""

from fastapi import APIRouter, Depends, Request

from app import db
from app.auth import require_vendor
from app.web import tenant_of

from ...schemas import NotificationOut
from ...services import Notifications

router = APIRouter(dependencies=[Depends(require_vendor)])


def notifications_of(request: Request) -> Notifications:
    found: Notifications = request.app.state.modstack.services.get_service("notifications")
    return found


@router.get("/notifications", response_model=list[NotificationOut])
def notifications(request: Request, recipient: str | None = None) -> list[NotificationOut]:
    with db.read() as session:
        return notifications_of(request).list(session, tenant_of(request), recipient=recipient)
