"""Flask's test client with the interface of FastAPI's (``TestClient``): ``request``,
``get``, ``post``, ... returning responses whose ``.json()`` is the body, so the same
tests run on either adapter."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from modstack.testing.client import Verbs


class FlaskAnswer:
    """A Flask test response whose ``json()`` is a method, as in httpx; every other
    attribute (``status_code``, ``text``, ``headers``, ``get_json`` ...) is Flask's."""

    def __init__(self, response: TestResponse) -> None:
        self.response = response

    def json(self) -> Any:
        """The body, decoded from JSON."""
        return self.response.get_json(force=True)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.response, name)


class FlaskTestClient(Verbs[FlaskAnswer]):
    """``app.test_client()`` answering ``request(method, url, headers=..., json=...)``
    and the verbs with ``FlaskAnswer`` responses; ``app`` is the Flask app."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.client: FlaskClient = app.test_client()

    def request(self, method: str, url: str, **options: Any) -> FlaskAnswer:
        """Send one request (``headers``, ``json``, ``data``, ``query_string`` ...)."""
        return FlaskAnswer(self.client.open(url, method=method, **options))
