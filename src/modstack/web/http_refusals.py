"""The refusals a framework would otherwise word itself, decided once for every adapter:
a body over the limit (413 ``body_too_large``) and a method a path does not answer (405
``method_not_allowed``, with ``Allow``). Each is a :class:`~modstack.web.refusals.Refusal`
like the gate's: the JSON body for an API client, ``modstack/error.html`` for a browser
(see :func:`modstack.web.errors.refusal_reply`); an adapter only translates."""

from __future__ import annotations

from collections.abc import Iterable

from modstack.web.refusals import Refusal


def body_too_large(limit: int | None) -> Refusal:
    """413 ``body_too_large``: the request body is over ``limit`` bytes (None: over a
    limit the framework did not name)."""
    if limit is None:
        detail = "the request body is over the size limit"
    else:
        detail = f"the request body is over the limit of {limit} bytes"
    return Refusal(
        413,
        {"code": "body_too_large", "limit": limit, "detail": detail},
        "Too large",
        "What you sent is too large for this address.",
    )


def allow_header(methods: Iterable[str]) -> str:
    """The ``Allow`` header of a path answering ``methods``: upper case, each once,
    sorted. The methods are the framework's, as they are: FastAPI and Django answer
    ``HEAD`` on a module's ``GET`` route only where it says so, Flask always."""
    found = {method.strip().upper() for method in methods if method.strip()}
    return ", ".join(sorted(found))


def method_not_allowed(methods: Iterable[str]) -> Refusal:
    """405 ``method_not_allowed`` naming the ``methods`` the path answers (in ``detail``
    and the ``Allow`` header)."""
    allow = allow_header(methods)
    detail = f"use {allow}" if allow else "this path answers no method"
    return Refusal(
        405,
        {"code": "method_not_allowed", "detail": detail},
        "Not allowed",
        "This address does not answer that kind of request.",
        {"Allow": allow},
    )
