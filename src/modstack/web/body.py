"""A request body counted as it is read, for the WSGI adapters: a body that comes
without a Content-Length (chunked, or ended by the server) is limited too."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, Any


class CountedBody(io.RawIOBase):
    """The server's request stream, counted: once more than ``limit()`` bytes arrive
    (None: no limit) ``too_large(limit)`` is raised. Having read exactly the limit, it
    reads one byte more: a stream the server ends answers nothing there unless the body
    goes on."""

    def __init__(
        self,
        stream: IO[bytes],
        limit: Callable[[], int | None],
        too_large: Callable[[int], Exception],
    ) -> None:
        super().__init__()
        self.stream = stream
        self.limit = limit
        self.too_large = too_large
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
            raise self.too_large(limit)
        return size

    def _is_past(self, limit: int) -> bool:
        """More than ``limit`` bytes arrived, or exactly that many and the body goes on."""
        return self.count > limit or (self.count == limit and bool(self.stream.read(1)))
