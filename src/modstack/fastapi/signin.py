"""The admin sign-in form (``GET/POST /admin/signin``, ``POST /admin/signout``) in
FastAPI's terms: the flow is :class:`modstack.web.signin.SignIn`'s."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from starlette.responses import Response

from modstack.fastapi.admin import admin_request, to_response
from modstack.fastapi.depends import stack_of
from modstack.web.signin import MAX_FORM_BYTES, FormRequest, SignIn, is_form, parse_form

router = APIRouter(include_in_schema=False)


async def read_form(request: Request) -> dict[str, str]:
    """An urlencoded form's first value per field (empty when it is too big or not a
    form): no multipart, no file uploads."""
    content_type = request.headers.get("content-type")
    if not is_form(content_type):
        return {}
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    return parse_form(body, content_type)


def _route(name: str) -> Callable[[Request], Awaitable[Response]]:
    async def answer(request: Request) -> Response:
        form = await read_form(request) if request.method == "POST" else {}
        asked = FormRequest(admin_request(request), form, request.query_params, request.cookies,
                            request.scope.get("root_path", ""), request.url.scheme,
                            request.client.host if request.client else None)  # fmt: skip
        return to_response(SignIn(stack_of(request).admin_access).answer(name, asked))

    answer.__name__ = f"signin_{name}"
    return answer


for _method, _path, _name in SignIn.ROUTES:
    router.add_api_route(_path, _route(_name), methods=[_method])
