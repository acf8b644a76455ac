"""What the benchmarks share: best-of-five ``timeit``, and one request handed to a WSGI
app as a server hands it."""

from __future__ import annotations

import io
import timeit
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any


def per_call(
    statement: str, namespace: dict[str, object], calls: int, *, unit: float = 1e6
) -> float:
    """The best of five runs of ``calls`` executions, per call (µs by default)."""
    return min(timeit.Timer(statement, globals=namespace).repeat(5, calls)) / calls * unit


class WsgiCall:
    """One request handed to the WSGI ``app`` as a WSGI server hands it: ``environ`` built
    once (a fresh body stream each call), the answer read to the end and its iterable
    closed; ``status`` is the last answer's."""

    def __init__(self, app: Callable[..., Any], environ: Mapping[str, Any]) -> None:
        self.app = app
        self.environ = dict(environ)
        self.status = ""

    def __call__(self) -> bytes:
        environ = dict(self.environ)
        environ["wsgi.input"] = io.BytesIO()
        answer = self.app(environ, self._start)
        try:
            return b"".join(answer)
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()

    def _start(self, status: str, headers: Any, exc_info: Any = None) -> None:
        self.status = status


def module_tree(folder: Path, count: int, vendor_api: Callable[[str], str]) -> Path:
    """``count`` modules (``m<count>_000`` ...) under ``folder/modules_<count>``, each with a
    vendor API file whose text ``vendor_api(code)`` gives."""
    modules = folder / f"modules_{count}"
    for index in range(count):
        code = f"m{count}_{index:03d}"
        api = modules / code / "routes/api"
        api.mkdir(parents=True)
        for package in (modules / code, modules / code / "routes", api):
            (package / "__init__.py").write_text("")
        (modules / code / "definition.py").write_text(
            f"from modstack import ModuleDefinition\n\nmodule = ModuleDefinition({code!r})\n"
        )
        (api / "vendor.py").write_text(vendor_api(code))
    return modules
