"""``RequestHead``: what modstack reads of a request (no body), in no framework's terms.
An adapter builds one from its request (ASGI scope, WSGI environ, Django request)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RequestHead:
    """A request's method, path and headers. ``path`` is the path the app routes (after
    ``root_path``, the prefix the server mounts the app at); header names are lower-case."""

    method: str
    path: str
    root_path: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    scheme: str = "http"
    query: str = ""

    @property
    def host(self) -> str:
        """The host name the client asked for, lower-case, without the port."""
        return self.headers.get("host", "").lower().rsplit(":", 1)[0].strip("[]")
