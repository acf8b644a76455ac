"""Flask's error answers: for browsers, a 404 (and the gate's refusals, see
:func:`modstack.flask.gate.refuse`) is ``modstack/error.html`` for a request that wants a
page (:func:`modstack.web.errors.wants_page`), anyone else gets Flask's usual answer; a
body over the limit (413) and a method a path does not answer (405) are modstack's
refusals (:mod:`modstack.web.http_refusals`) unless the app has its own handler; a
database outage met by any view is 503 ``store_unavailable`` (logged, no traceback)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound, RequestEntityTooLarge

from modstack.flask.gate import extension, refuse, render, to_response
from modstack.web.errors import OUTAGES, is_store_outage, outage_reply, page_reply, wants_page
from modstack.web.http_refusals import body_too_large, method_not_allowed
from modstack.web.refusals import Refusal


def answer_not_found(error: HTTPException) -> Response:
    """Error handler for 404s: the error page for a browser, else Flask's own answer."""
    prefix = extension().conventions.prefix
    if wants_page(request.path, request.headers.get("Accept", ""), prefix):
        page = page_reply(Refusal.not_found(), render)
        if page is not None:
            return to_response(page)
    return error.get_response()  # type: ignore[return-value]


def answer_too_large(error: HTTPException) -> Response:
    """Error handler for 413: ``body_too_large`` naming the request's limit."""
    return refuse(body_too_large(request.max_content_length))


def answer_not_allowed(error: HTTPException) -> Response:
    """Error handler for 405: ``method_not_allowed`` naming the rule's methods."""
    methods = error.valid_methods if isinstance(error, MethodNotAllowed) else None
    return refuse(method_not_allowed(methods or ()))


def answer_store_outage(error: Exception) -> Response:
    """Error handler: 503 for a database outage; anything else is raised again (a 500)."""
    if not is_store_outage(error):
        raise error
    return to_response(outage_reply(request.method, request.path, error))


def answer_errors(app: Flask) -> None:
    """Add the 404 page, the 413 and the 405 answers unless the app has its own
    handler of that code (one it registers later replaces ours too), and the outage
    answer for each outage class the app has no handler of its own for."""
    codes = app.error_handler_spec[None]
    answers: tuple[tuple[int, type[HTTPException], Callable[[HTTPException], Response]], ...]
    answers = ((404, NotFound, answer_not_found), (413, RequestEntityTooLarge, answer_too_large),
               (405, MethodNotAllowed, answer_not_allowed))  # fmt: skip
    for code, error, handler in answers:
        if error not in codes.get(code, {}):
            app.register_error_handler(code, handler)
    own = app.error_handler_spec[None][None]
    for kind in OUTAGES:
        if kind not in own:
            app.register_error_handler(kind, answer_store_outage)
