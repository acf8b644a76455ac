"""The templates the active modules contribute (admin token required)."""

from fastapi import APIRouter, Request

router = APIRouter()  # under the admin frontend: modstack requires the admin credential


@router.get("/templates")
def templates(request: Request) -> list[str]:
    return sorted(request.app.state.modstack.templates.env.list_templates())
