"""Flask's error answers: for browsers, a 404 (and the gate's refusals, see
:func:`modstack.flask.gate.refuse`) is ``modstack/error.html`` for a request that wants a
page (:func:`modstack.web.errors.wants_page`), anyone else gets Flask's usual answer; a
database outage met by any view is 503 ``store_unavailable`` (logged, no traceback)."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, NotFound

from modstack.flask.gate import extension, render, to_response
from modstack.web.errors import OUTAGES, is_store_outage, outage_reply, page_reply, wants_page
from modstack.web.refusals import Refusal


def answer_not_found(error: HTTPException) -> Response:
    """Error handler for 404s: the error page for a browser, else Flask's own answer."""
    prefix = extension().conventions.prefix
    if wants_page(request.path, request.headers.get("Accept", ""), prefix):
        page = page_reply(Refusal.not_found(), render)
        if page is not None:
            return to_response(page)
    return error.get_response()  # type: ignore[return-value]


def answer_store_outage(error: Exception) -> Response:
    """Error handler: 503 for a database outage; anything else is raised again (a 500)."""
    if not is_store_outage(error):
        raise error
    return to_response(outage_reply(request.method, request.path, error))


def answer_errors(app: Flask) -> None:
    """Add the 404 page unless the app has its own 404 handler, and the outage answer
    for each outage class the app has no handler of its own for."""
    if NotFound not in app.error_handler_spec[None].get(404, {}):
        app.register_error_handler(404, answer_not_found)
    own = app.error_handler_spec[None][None]
    for kind in OUTAGES:
        if kind not in own:
            app.register_error_handler(kind, answer_store_outage)
