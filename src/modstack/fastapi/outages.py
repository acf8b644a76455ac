"""A database that cannot be reached answers 503 ``store_unavailable``, not a bare 500.

A route that meets an outage — the tenancy store's ``StoreUnavailableError``, or
SQLAlchemy losing (or failing to open) its connection — gets the gate's JSON answer,
with no traceback and no internal address; the error is logged for the operator. Other
database errors (a constraint, a bad query) stay 500s: they are bugs, not outages.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.responses import JSONResponse, Response

from modstack.db.database import is_connection_lost
from modstack.errors import StoreUnavailableError

logger = logging.getLogger("modstack")

OUTAGES: tuple[type[Exception], ...] = (StoreUnavailableError, OperationalError, InterfaceError)
"""The exception classes checked by :func:`is_store_outage`."""


def is_store_outage(error: BaseException) -> bool:
    """True when ``error`` says the database cannot be reached (rather than that a
    statement was wrong): a disconnect SQLAlchemy detected, or a failure to connect."""
    return isinstance(error, StoreUnavailableError) or is_connection_lost(error)


def store_unavailable() -> JSONResponse:
    """503: the database could not be reached to answer this request."""
    return JSONResponse(
        {"code": "store_unavailable", "detail": "the database is unavailable; try again shortly"},
        status_code=503,
        headers={"Retry-After": "5"},
    )


async def answer_store_outage(request: Request, error: Exception) -> Response:
    """Exception handler: 503 for an outage; anything else is raised again (a 500)."""
    if not is_store_outage(error):
        raise error
    logger.warning(
        "%s %s: the database is unavailable (%s: %s)",
        request.method,
        request.url.path,
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
    )
    return store_unavailable()


def answer_outages(app: FastAPI) -> None:
    """Make ``app`` answer 503 ``store_unavailable`` when a route meets a store outage."""
    for kind in OUTAGES:
        app.add_exception_handler(kind, answer_store_outage)
