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

import io
from collections.abc import Callable, Iterable
from typing import IO, Any

from flask import Flask, has_request_context, request
from werkzeug.exceptions import RequestEntityTooLarge

from modstack.settings import ModstackSettings

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
    read through ``CountedInput``, against the request's ``max_content_length``."""

    def __init__(self, wsgi_app: WsgiApp, app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.app = app

    def __call__(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if environ.get("wsgi.input_terminated") and "wsgi.input" in environ:
            environ["wsgi.input"] = CountedInput(environ["wsgi.input"], self.limit)
        return self.wsgi_app(environ, start_response)

    def limit(self) -> int | None:
        """The current request's limit (a view may have changed it), else the app's."""
        if has_request_context():
            return request.max_content_length
        found = self.app.config.get(FLASK_LIMIT)
        return found if isinstance(found, int) else None


class CountedInput(io.RawIOBase):
    """A request stream that raises ``RequestEntityTooLarge`` once more than ``limit()``
    bytes arrive. Having read exactly the limit, it reads one byte more: a stream the
    server ends answers nothing there unless the body goes on."""

    def __init__(self, stream: IO[bytes], limit: Callable[[], int | None]) -> None:
        super().__init__()
        self.stream = stream
        self.limit = limit
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        data = self.stream.read(len(view))
        size = len(data)
        view[:size] = data
        self.count += size
        limit = self.limit()
        if limit is not None and size and self._is_past(limit):
            raise RequestEntityTooLarge()
        return size

    def _is_past(self, limit: int) -> bool:
        """More than ``limit`` bytes arrived, or exactly that many and the body goes on."""
        return self.count > limit or (self.count == limit and bool(self.stream.read(1)))
