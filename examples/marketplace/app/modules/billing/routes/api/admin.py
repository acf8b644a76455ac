"""The plans platforms subscribe to (admin token required)."""

from fastapi import APIRouter, Depends, Request

from app import db
from modstack.fastapi.admin import require_admin

from ...schemas import PlanOut
from .vendor import billing_of

router = APIRouter(dependencies=[Depends(require_admin)])


@router.get("/plans", response_model=list[PlanOut])
def plans(request: Request) -> list[PlanOut]:
    with db.read() as session:
        return billing_of(request).plans(session)
