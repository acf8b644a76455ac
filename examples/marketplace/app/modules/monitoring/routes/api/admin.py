"""The platform's operational overview (admin token required)."""

from typing import Any

from fastapi import APIRouter, Request

from ...overview import overview

router = APIRouter()  # under the admin frontend: modstack requires the admin credential


@router.get("/overview")
async def get_overview(request: Request) -> dict[str, Any]:
    return await overview(request)
