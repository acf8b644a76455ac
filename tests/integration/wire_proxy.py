"""A TCP proxy on 127.0.0.1 in front of a PostgreSQL server that can cut a connection at
a chosen point of the wire protocol: right after forwarding a ``COMMIT`` (the server
commits; the client never hears so), or just before a statement is forwarded (nothing
of it reaches the server). It reads the client's messages — the untyped start-up ones,
then typed ``Q`` (simple query) and ``P`` (parse) messages carrying SQL text."""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType

_UNTYPED_REQUESTS = {80877103, 80877104}  # SSLRequest, GSSENCRequest: the server answers 'N'
_READY_FOR_QUERY = b"Z\x00\x00\x00\x05"


class WireProxy:
    """Forward 127.0.0.1:``port`` to ``upstream_port``; cut connections when armed."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)  # so the accepting thread notices the end
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._after_commit = False
        self._before: bytes | None = None
        self.cut_after_commit = 0
        """Connections cut right after forwarding a COMMIT."""
        self.cut_before = 0
        """Connections cut instead of forwarding the armed statement."""
        self._closing = False
        self._sockets: list[socket.socket] = []
        self._accepter = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> WireProxy:
        self._accepter.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self._closing = True
        self._accepter.join(5)
        self._listener.close()
        for each in list(self._sockets):
            _close(each)

    def url(self, upstream_url: str) -> str:
        """``upstream_url`` pointed at the proxy (without TLS, so the protocol is readable)."""
        return upstream_url.replace(f":{self.upstream_port}/", f":{self.port}/") + (
            "?sslmode=disable&gssencmode=disable"
        )

    def cut_after_next_commit(self) -> None:
        """Forward the next COMMIT, let the server answer, and drop the connection before
        the client hears the answer."""
        with self._lock:
            self._after_commit = True

    def cut_before_statement(self, sql: bytes) -> None:
        """Drop the connection instead of forwarding the next statement containing ``sql``."""
        with self._lock:
            self._before = sql

    # -- plumbing -------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            server = socket.create_connection(("127.0.0.1", self.upstream_port))
            self._sockets += [client, server]
            connection = _Connection(self, client, server)
            threading.Thread(target=connection.client_to_server, daemon=True).start()
            threading.Thread(target=connection.server_to_client, daemon=True).start()

    def _decide(self, kind: bytes, body: bytes) -> str:
        """What to do with one typed client message: "forward", "cut-before" or
        "cut-after-commit"."""
        if kind not in (b"Q", b"P"):
            return "forward"
        sql = _sql_of(kind, body)
        with self._lock:
            if self._before is not None and self._before in sql:
                self._before = None
                self.cut_before += 1
                return "cut-before"
            if self._after_commit and sql.strip().upper().startswith(b"COMMIT"):
                self._after_commit = False
                self.cut_after_commit += 1
                return "cut-after-commit"
        return "forward"


class _Connection:
    def __init__(self, proxy: WireProxy, client: socket.socket, server: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.server = server
        self.swallow = threading.Event()  # the server's next answer is not passed on

    def client_to_server(self) -> None:
        with contextlib.suppress(OSError, ConnectionError):
            while True:  # start-up: untyped messages (length, then body)
                head = _exact(self.client, 4)
                body = _exact(self.client, int.from_bytes(head, "big") - 4)
                self.server.sendall(head + body)
                if int.from_bytes(body[:4], "big") not in _UNTYPED_REQUESTS:
                    break
            while True:
                head = _exact(self.client, 5)
                body = _exact(self.client, int.from_bytes(head[1:], "big") - 4)
                decision = self.proxy._decide(head[:1], body)
                if decision == "cut-before":
                    break
                if decision == "cut-after-commit":
                    self.swallow.set()
                self.server.sendall(head + body)
        self._cut()

    def server_to_client(self) -> None:
        with contextlib.suppress(OSError, ConnectionError):
            answer = b""
            while True:
                data = self.server.recv(65536)
                if not data:
                    break
                if self.swallow.is_set():
                    answer += data  # the commit's answer: wait for all of it, then cut
                    if _READY_FOR_QUERY in answer:
                        break
                    continue
                self.client.sendall(data)
        self._cut()

    def _cut(self) -> None:
        _close(self.client)
        _close(self.server)


def _sql_of(kind: bytes, body: bytes) -> bytes:
    if kind == b"P":  # statement name, NUL, query, NUL, parameter types
        body = body.split(b"\x00", 1)[1]
    return body.split(b"\x00", 1)[0]


def _exact(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()
