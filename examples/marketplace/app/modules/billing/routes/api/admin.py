"""The plans platforms subscribe to (admin token required)."""

from fastapi import APIRouter, Request

from app import db

from ...schemas import PlanOut
from .vendor import billing_of

router = APIRouter()  # under the admin frontend: modstack requires the admin credential


@router.get("/plans", response_model=list[PlanOut])
def plans(request: Request) -> list[PlanOut]:
    with db.read() as session:
        return billing_of(request).plans(session)
