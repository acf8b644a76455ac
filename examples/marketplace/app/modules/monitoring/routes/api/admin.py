"""The platform's operational overview (admin token required)."""

from typing import Any

from fastapi import APIRouter, Depends, Request

from modstack.fastapi.admin import require_admin

from ...overview import overview

router = APIRouter(dependencies=[Depends(require_admin)])


@router.get("/overview")
async def get_overview(request: Request) -> dict[str, Any]:
    return await overview(request)
