from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter()


@router.get("/ops", response_class=HTMLResponse)
async def ops_page() -> str:
    return "<h1>operations</h1>"
