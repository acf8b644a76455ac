"""A module's uncaught :class:`~modstack.errors.ModuleError` becomes its answer: the JSON
body for an API client, the error page for a browser."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import Response

from modstack.errors import ModuleError
from modstack.fastapi import responses
from modstack.web.refusals import Refusal


async def answer_module_error(request: Request, error: Exception) -> Response:
    """Exception handler: ``error.status`` with ``error.as_data()`` as the body (or
    ``modstack/error.html`` showing its detail, for a browser)."""
    if not isinstance(error, ModuleError):  # registered for ModuleError only
        raise error
    refusal = Refusal(error.status, error.as_data(), "Sorry", error.detail)
    return responses.answer(request.app.state.modstack, request.scope, request.receive, refusal)
