"""The request body limit in a Django project, counted as the body arrives.

The limit is ``MODSTACK_MAX_BODY_SIZE`` (default 1 MiB), unless the project set Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` itself: then that is the limit of the whole body (None:
no limit), so Django and modstack never disagree about a body. A ``Content-Length``
over the limit is answered 413 before a byte is read; Django reads a body no further
than its ``Content-Length``. A body without one (chunked: the server ends the stream,
``wsgi.input_terminated``) Django would read as empty; it is read here through
:class:`~modstack.web.body.CountedBody`, which raises :class:`BodyTooLarge` once it runs
past the limit, and the middleware answers 413 whoever read the body, so a view never
sees a cut body.
"""

from __future__ import annotations

import re
from typing import IO

from django.conf import settings as django_settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from modstack.django.gate import refuse
from modstack.settings import ModstackSettings
from modstack.web.body import CountedBody
from modstack.web.http_refusals import body_too_large

DJANGO_LIMIT = "DATA_UPLOAD_MAX_MEMORY_SIZE"
LENGTH = re.compile(r"[0-9]{1,20}")
"""A ``Content-Length`` (RFC 9110: digits only)."""
TOO_LARGE = "modstack_body_too_large"
"""The request attribute set once its body ran past the limit."""


class BodyTooLarge(RequestDataTooBig):
    """The request body is bigger than the limit (a ``SuspiciousOperation``: Django
    answers 400 wherever it is not caught; the middleware answers 413)."""


def body_limit(settings: ModstackSettings) -> int | None:
    """The project's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` when it set one, else
    ``MODSTACK_MAX_BODY_SIZE``."""
    if django_settings.is_overridden(DJANGO_LIMIT):
        found = getattr(django_settings, DJANGO_LIMIT)
        return found if isinstance(found, int) else None
    return settings.max_body_size


def too_large(limit: int | None) -> HttpResponse:
    """413 ``body_too_large``, naming the limit (JSON: where no request is at hand, as in
    the ASGI handler; :func:`too_large_for` gives a browser the error page)."""
    refusal = body_too_large(limit)
    return JsonResponse(refusal.body, status=refusal.status)


def too_large_for(request: HttpRequest, limit: int | None) -> HttpResponse:
    """413 ``body_too_large`` for ``request``: JSON, or the error page for a browser."""
    return refuse(request, body_too_large(limit))


def bad_length() -> HttpResponse:
    """400 ``bad_content_length``: the header is not a number of bytes."""
    body = {"code": "bad_content_length", "detail": "Content-Length must be a number of bytes"}
    return JsonResponse(body, status=400)


def guard(request: HttpRequest, limit: int | None) -> HttpResponse | None:
    """400 for a ``Content-Length`` that is no number (Django would fail reading the
    body), 413 for one over ``limit``; a body without one that the server ends is
    counted as it is read. None: go on."""
    meta = request.META
    claimed = str(meta.get("CONTENT_LENGTH") or "").strip()
    if claimed and not LENGTH.fullmatch(claimed):
        return bad_length()
    if "CONTENT_LENGTH" in meta:
        meta["CONTENT_LENGTH"] = claimed  # blank is no length: Django reads int() of it
    if limit is None:
        return None
    if claimed and int(claimed) > limit:
        return too_large_for(request, limit)
    if not claimed and meta.get("wsgi.input_terminated") and "wsgi.input" in meta:
        # Django's own stream of a body without Content-Length is empty: read the
        # server's stream instead, counted (``_stream`` is what HttpRequest.read reads).
        request._stream = _counted(meta["wsgi.input"], limit, request)
    return None


def _counted(stream: IO[bytes], limit: int, request: HttpRequest) -> CountedBody:
    """``stream`` counted against ``limit``; past it the request is marked too large
    and :class:`BodyTooLarge` raised, whoever reads."""

    def too_large(limit: int) -> BodyTooLarge:
        setattr(request, TOO_LARGE, True)
        return BodyTooLarge(f"the request body is over {limit} bytes")

    return CountedBody(stream, lambda: limit, too_large)
