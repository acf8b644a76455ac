"""A module's uncaught :class:`~modstack.errors.ModuleError` becomes its JSON answer."""

from __future__ import annotations

from fastapi import Request
from starlette.responses import JSONResponse, Response

from modstack.errors import ModuleError


async def answer_module_error(request: Request, error: Exception) -> Response:
    """Exception handler: ``error.status`` with ``error.as_data()`` as the body."""
    if not isinstance(error, ModuleError):  # registered for ModuleError only
        raise error
    return JSONResponse(error.as_data(), status_code=error.status)
