"""``modstack.django.asgi``: under an ASGI server a request body reaches Django whole and
unchanged when it is within the limit, and is answered 413 otherwise, with or without a
``Content-Length``, however it arrives in pieces. Django's own ASGI handler reads a
chunked body to its end, whatever its size."""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import Any

from django.apps import apps
from hypothesis import given, settings
from hypothesis import strategies as st

from modstack.django.adapter import Modstack
from modstack.django.asgi import ASGIProject
from tests.adapters.django.conftest import settings_for

LIMIT = 64


class Recorder:
    """An ASGI app standing for Django: it reads the whole body and answers 200."""

    def __init__(self) -> None:
        self.body: bytes | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body", False):
                break
        self.body = body
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


def _serve(chunks: list[bytes], length: str | None) -> tuple[int, bytes, Recorder]:
    app = Recorder()
    pieces = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks or [b""])
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return pieces.pop(0) if pieces else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [] if length is None else [(b"content-length", length.encode())]
    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(ASGIProject(app)(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body, app


def test_bodies_within_the_limit_pass_whole_and_larger_ones_are_refused() -> None:
    stack = Modstack(settings_for(Path(tempfile.mkdtemp()), max_body_size=LIMIT))
    previous = apps.get_app_config("modstack").use(stack)  # type: ignore[attr-defined]

    @settings(max_examples=200, deadline=None)
    @given(
        chunks=st.lists(st.binary(max_size=40), max_size=5),
        length=st.none() | st.integers(0, 200).map(str) | st.sampled_from(["", "x", "-1"]),
    )
    def check(chunks: list[bytes], length: str | None) -> None:
        sent = b"".join(chunks)
        status, answer, app = _serve(chunks, length)
        counted = not length  # no Content-Length, or a blank one
        if length and not length.isdigit():
            assert (status, json.loads(answer)["code"]) == (400, "bad_content_length")
            assert app.body is None
        elif (counted and len(sent) > LIMIT) or (not counted and int(str(length)) > LIMIT):
            assert (status, json.loads(answer)["code"]) == (413, "body_too_large")
            assert app.body is None  # Django never saw it
        else:
            assert (status, app.body) == (200, sent)

    try:
        check()
    finally:
        apps.get_app_config("modstack").use(previous)  # type: ignore[attr-defined]
        stack.stop()
