"""``RequestHead``: what modstack reads of a request (no body), in no framework's terms.
An adapter builds one from its request (ASGI scope, WSGI environ, Django request)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class RequestHead:
    """A request's method, path and headers. ``path`` is the path the app routes (after
    ``root_path``, the prefix the server mounts the app at); header names are lower-case;
    ``host`` is the host the client asked for (default: the ``host`` header)."""

    method: str
    path: str
    root_path: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    host: str = ""
    scheme: str = "http"
    query: str = ""

    @property
    def hostname(self) -> str:
        """The host name, lower-case, without the port."""
        host = (self.host or self.headers.get("host", "")).lower()
        if host.startswith("["):  # an IPv6 literal: [::1]:8000
            return host[1:].split("]", 1)[0]
        return host.split(":", 1)[0]
