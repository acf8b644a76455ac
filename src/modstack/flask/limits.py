"""The request body limit in a Flask app: Flask's own ``MAX_CONTENT_LENGTH``, counted as
the body arrives.

Werkzeug answers a ``Content-Length`` over the limit with 413 before a byte is read, and
reads a body no further than its ``Content-Length``. A stream the server ends itself
(chunked, or any body under gunicorn: ``wsgi.input_terminated``) Werkzeug cuts at the
limit *silently* — the view would get the first MiB of a larger body as if it were all.
``BodyLimit`` counts such a stream as it is read and raises ``RequestEntityTooLarge``
(413) once it runs past the limit, so the view never sees a cut body. A view raises or
lowers the limit for its own request with ``request.max_content_length = ...`` (Flask
3.1) before reading the body.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, has_request_context, request
from werkzeug.exceptions import RequestEntityTooLarge

from modstack.settings import ModstackSettings
from modstack.web.body import CountedBody

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

FLASK_LIMIT = "MAX_CONTENT_LENGTH"


def install(app: Flask, settings: ModstackSettings) -> None:
    """The app's own ``MAX_CONTENT_LENGTH`` wins; without one, modstack's
    ``max_body_size`` (``MODSTACK_MAX_BODY_SIZE``, default 1 MiB) becomes it. Streams
    the server ends are counted against it (``BodyLimit``, installed once)."""
    if app.config.get(FLASK_LIMIT) is None:
        app.config[FLASK_LIMIT] = settings.max_body_size
    if not isinstance(app.wsgi_app, BodyLimit):
        app.wsgi_app = BodyLimit(app.wsgi_app, app)  # type: ignore[method-assign]


class BodyLimit:
    """WSGI middleware: a request stream the server ends (``wsgi.input_terminated``) is
    read through ``CountedBody``, against the request's ``max_content_length``."""

    def __init__(self, wsgi_app: WsgiApp, app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if environ.get("wsgi.input_terminated") and "wsgi.input" in environ:
            environ["wsgi.input"] = CountedBody(environ["wsgi.input"], self.limit, _too_large)
        return self.wsgi_app(environ, start_response)

    def limit(self) -> int | None:
        """The current request's limit (a view may have changed it), else the app's."""
        if has_request_context():
            return request.max_content_length
        found = self.app.config.get(FLASK_LIMIT)
        return found if isinstance(found, int) else None


def _too_large(limit: int) -> RequestEntityTooLarge:
    return RequestEntityTooLarge()
