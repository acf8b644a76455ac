"""A Django project under an ASGI server (uvicorn, hypercorn, daphne): Django's ASGI
application with the ASGI lifespan and the request body limit. In the project's
``asgi.py``::

    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myproject.settings")
    from modstack.django.asgi import get_asgi_application

    application = get_asgi_application()

Django's own ASGI handler refuses the lifespan, so without it uvicorn ends the process
with the signal it was stopped by once it has drained: no module's ``on_shutdown`` hook
runs. And it reads a request's whole body before any middleware runs: a body without a
``Content-Length`` (chunked) would be read to its end whatever its size. Here a body is
counted as it arrives and answered 413 once it runs past the limit, and a
``Content-Length`` over the limit is answered before a byte is read. The stack still
starts on the first request, on its own thread, as under WSGI."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from modstack.django import limits

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

logger = logging.getLogger("modstack")


def get_asgi_application() -> ASGIProject:
    """Django's ASGI application (``django.core.asgi.get_asgi_application``: Django is
    set up, ``ready()`` builds the stack) as :class:`ASGIProject` serves it."""
    from django.core.asgi import get_asgi_application as django_application

    return ASGIProject(django_application())


class ASGIProject:
    """An ASGI application around Django's ``app``: it answers the lifespan itself
    (startup: nothing to do; shutdown: stop the project's stack if it runs in this
    process) and holds a request's body to the limit before ``app`` reads it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection."""
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        else:
            await self.app(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        from modstack.django.gate import current

        limit = limits.body_limit(current().settings)
        claimed = _header(scope, b"content-length") or None  # blank is no length
        if claimed is not None and not limits.LENGTH.fullmatch(claimed):
            await _answer(send, limits.bad_length())  # as the middleware, before reading
            return
        if limit is None:
            await self.app(scope, receive, send)
            return
        if claimed is not None:
            if int(claimed) > limit:
                await _answer(send, limits.too_large(limit))
            else:
                await self.app(scope, receive, send)
            return
        arrived: list[Message] = []
        size = 0
        while True:  # no Content-Length: count the body as it arrives
            message = await receive()
            arrived.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                await _answer(send, limits.too_large(limit))
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return arrived.pop(0) if arrived else await receive()

        await self.app(scope, replay, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                try:
                    await asyncio.to_thread(stop_here)
                except Exception as error:
                    logger.exception("stopping the modstack stack failed")
                    await send({"type": "lifespan.shutdown.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.shutdown.complete"})
                return


def _header(scope: Scope, name: bytes) -> str | None:
    found = [value for key, value in scope.get("headers", ()) if key.lower() == name]
    return found[0].decode("latin-1").strip() if found else None


async def _answer(send: Send, response: Any) -> None:
    """Send a Django ``HttpResponse`` (a small one, whole) over ASGI."""
    body = bytes(response.content)
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.items()]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def stop_here() -> None:
    """Stop the project's stack (its modules' ``on_shutdown`` hooks run) when it runs in
    this process; nothing when no request started it."""
    from modstack.django.gate import current

    stack = current()
    if stack is not None and stack.started:
        stack.stop()
