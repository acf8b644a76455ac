"""The templates the active modules contribute (admin token required)."""

from fastapi import APIRouter, Depends, Request

from modstack.fastapi.admin import require_admin

router = APIRouter(dependencies=[Depends(require_admin)])


@router.get("/templates")
def templates(request: Request) -> list[str]:
    return sorted(request.app.state.modstack.templates.env.list_templates())
