"""What every handler of this tree records when it runs: (module, tenant, what). The
gate tests' oracle: a refused request must leave no entry."""

from fastapi import APIRouter, Request, WebSocket
from fastapi.responses import HTMLResponse

calls: list[tuple[str, str | None, str]] = []

KIB = 1024


def record(code: str, connection: Request | WebSocket, what: str) -> None:
    calls.append((code, connection.state.tenant, what))


def api_router(code: str) -> APIRouter:
    """The same API routes in every module: any method, a path parameter, a body, a
    WebSocket."""
    router = APIRouter()

    @router.api_route("/any", methods=["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
    async def any_method(request: Request) -> dict[str, str]:
        record(code, request, f"{request.method} any")
        return {"module": code}

    @router.get("/items/{item}", name=f"{code}_item")
    async def item(request: Request, item: str) -> dict[str, str]:
        record(code, request, f"item {item}")
        return {"module": code, "item": item}

    @router.post("/items", status_code=201)
    async def add(request: Request) -> dict[str, int]:
        body = await request.body()  # over the limit: 413 here, nothing recorded
        record(code, request, "add")
        return {"received": len(body)}

    @router.post("/upload", max_body_size=4096 * KIB)
    async def upload(request: Request) -> dict[str, int]:
        body = await request.body()  # over the limit: 413 here, nothing recorded
        record(code, request, "upload")
        return {"received": len(body)}

    @router.post("/note", max_body_size=KIB)
    async def note(request: Request) -> dict[str, int]:
        body = await request.body()  # over the limit: 413 here, nothing recorded
        record(code, request, "note")
        return {"received": len(body)}

    @router.websocket("/live")
    async def live(websocket: WebSocket) -> None:
        record(code, websocket, "websocket")
        await websocket.accept()
        await websocket.send_json({"module": code, "tenant": websocket.state.tenant})
        await websocket.close()

    return router


def page_router(code: str) -> APIRouter:
    """One page per module, at /storefront/<code>-page."""
    router = APIRouter()

    @router.get(f"/{code}-page", response_class=HTMLResponse)
    async def page(request: Request) -> HTMLResponse:
        record(code, request, "page")
        templates = request.app.state.modstack.templates
        return templates.TemplateResponse(request, "page.html", {"code": code})

    return router
