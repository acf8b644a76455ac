"""Discovery in a child process, for tools that read a tree they do not trust.

A ``definition.py`` is code: it can sleep, start a thread that never ends, call
``os._exit(0)`` or raise ``KeyboardInterrupt``. In-process, each of those hangs the
command, kills it silently, or crashes it naming no file. :func:`scan_isolated` imports
the definitions in a child process instead (``python -m modstack.discovery_isolated``),
in a process group of its own, under a time limit: whatever a file does, the caller gets
a :class:`~modstack.discovery.Discovery` back, with a problem naming the file.

The CLI's ``validate`` and ``list`` load trees this way; an application discovers its own
modules in-process (:mod:`modstack.discovery`), at the cost of importing them.

The child reports on a pipe of its own, one JSON message a line: ``importing`` before
each file (so the parent can name the file a hang or an exit happened in), then the
``result``, or a ``fatal`` error. Definitions come back rebuilt from their fields, so they
compare equal to the ones the child made, with two differences: a hook or handler that
was a callable comes back as its ``"package.module:function"`` reference (resolved on
use, like any string hook), and ``implementation`` (a class-style module's class, which
lives in the child) is ``None``. The child is killed with its whole process group once the
result is in, or at the time limit. POSIX only (a pipe passed by file descriptor, ``select``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from modstack.definition import HOOK_NAMES, ModuleDefinition, ModulePaths
from modstack.discovery import (
    ENTRY_POINT_GROUP,
    Discovery,
    _cause,
    _failing_line,
    _package_name,
    scan,
)
from modstack.errors import DefinitionError, DiscoveryError, ModstackError
from modstack.types import HookRef

DEFAULT_TIMEOUT = 30.0
"""Seconds the child may take to import the whole tree."""

TIMEOUT_VARIABLE = "MODSTACK_IMPORT_TIMEOUT"
"""The environment variable that sets the time limit when no ``timeout`` is given."""


def import_timeout(explicit: float | None = None) -> float:
    """The time limit in seconds: ``explicit``, else ``$MODSTACK_IMPORT_TIMEOUT``, else 30.

    Raises ValueError naming the variable when its value is not a positive number.
    """
    if explicit is not None:
        return _positive(explicit, "timeout")
    written = os.environ.get(TIMEOUT_VARIABLE, "").strip()
    if not written:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(written)
    except ValueError:
        seconds = float("nan")
    return _positive(seconds, f"{TIMEOUT_VARIABLE}={written!r}")


def _positive(seconds: float, where: str) -> float:
    if not seconds > 0 or seconds == float("inf"):
        raise ValueError(f"{where}: the import time limit must be a positive number of seconds")
    return seconds


def scan_isolated(
    *roots: str | os.PathLike[str],
    entry_points: bool = False,
    group: str = ENTRY_POINT_GROUP,
    timeout: float | None = None,
) -> Discovery:
    """Discover like :func:`modstack.discovery.scan` (folders and, with
    ``entry_points=True``, installed distributions), importing every definition in a
    child process that must finish within ``timeout`` seconds (:func:`import_timeout`).

    Never raises for a problem in the tree: a file that hangs, exits, crashes the
    interpreter or leaves a thread running becomes a DiscoveryError naming it.
    """
    limit = import_timeout(timeout)
    folders = [os.path.abspath(root) for root in roots]
    request = {
        "roots": folders,
        "entry_points": entry_points,
        "group": group,
        "sys_path": sys.path,
    }
    reading, writing = os.pipe()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", __name__, str(writing)],
            stdin=subprocess.PIPE,
            stdout=_error_output(),
            pass_fds=(writing,),
            start_new_session=True,
        )
    finally:
        os.close(writing)
    try:
        assert child.stdin is not None  # stdin=PIPE always makes one
        with contextlib.suppress(BrokenPipeError):
            child.stdin.write(json.dumps(request).encode())
            child.stdin.close()
        found = _outcome(child, _messages(reading, limit), limit)
    finally:
        os.close(reading)
        _end(child)
    for folder in folders:
        if os.path.isdir(folder):  # so that a hook's reference into the tree resolves here
            _package_name(Path(folder).resolve())
    return found


def _error_output() -> int:
    """Where the child's prints go: our stderr, so that ``--json`` output stays clean."""
    try:
        return sys.__stderr__.fileno() if sys.__stderr__ else subprocess.DEVNULL
    except (AttributeError, OSError, ValueError):
        return subprocess.DEVNULL


def _messages(channel: int, limit: float) -> Iterator[dict[str, Any]]:
    """The child's messages, until it closes the pipe; ``{"timeout": True}`` when
    ``limit`` seconds pass, counted again from the child's ``ready`` (its own start-up
    is not the tree's import time)."""
    deadline = time.monotonic() + limit
    pending, started = b"", False
    while True:
        remaining = deadline - time.monotonic()
        ready, _, _ = select.select([channel], [], [], max(remaining, 0))
        if not ready:
            yield {"timeout": True}
            return
        chunk = os.read(channel, 65536)
        if not chunk:
            return
        *lines, pending = (pending + chunk).split(b"\n")
        for line in lines:
            with contextlib.suppress(ValueError):  # a definition writing to our pipe
                message = json.loads(line)
                if message == {"ready": True} and not started:  # once: a definition
                    deadline, started = time.monotonic() + limit, True  # cannot extend it
                elif isinstance(message, dict):
                    yield message


def _outcome(
    child: subprocess.Popen[bytes], messages: Iterator[dict[str, Any]], limit: float
) -> Discovery:
    importing = "the module tree"
    for message in messages:
        if "importing" in message:
            importing = str(message["importing"])
        elif "result" in message:
            return _discovery_from_data(message["result"])
        elif "fatal" in message:
            return _failed(message["fatal"]["source"], message["fatal"]["reason"])
        elif "timeout" in message:
            reason = (
                f"importing the definition did not finish within {limit:g} seconds (does it "
                f"sleep, wait on the network or loop?); the limit is --timeout or "
                f"${TIMEOUT_VARIABLE}"
            )
            return _failed(importing, reason)
    code = child.wait()
    return _failed(importing, f"importing the definition ended the process ({_exit(code)}) "
                   "before discovery finished; a definition must not exit or kill the "
                   "interpreter")  # fmt: skip


def _exit(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-code).name}"
    return f"exit code {code}"


def _failed(source: str, reason: str) -> Discovery:
    return Discovery((), (DiscoveryError(source=source, reason=reason),))


def _end(child: subprocess.Popen[bytes]) -> None:
    """Kill what is left of the child's process group (threads, grandchildren)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


# -- the wire format ---------------------------------------------------------------------


def _reference(hook: HookRef) -> str:
    if isinstance(hook, str):
        return hook
    module = getattr(hook, "__module__", None) or "<unknown>"
    name = getattr(hook, "__qualname__", None) or type(hook).__qualname__
    return f"{module}:{name}"


def _definition_data(definition: ModuleDefinition) -> dict[str, Any]:
    hooks = {name: getattr(definition, name) for name in HOOK_NAMES}
    return {
        "code": definition.code,
        "name": definition.name,
        "description": definition.description,
        "version": definition.version,
        "tier": definition.tier.value,
        "requires": [str(r) for r in definition.requires],
        "optional_requires": [str(r) for r in definition.optional_requires],
        "features": list(definition.features),
        "menu_items": {key: list(items) for key, items in definition.menu_items.items()},
        "permissions": {role: sorted(codes) for role, codes in definition.permissions.items()},
        **{name: None if hook is None else _reference(hook) for name, hook in hooks.items()},
        "subscriptions": {
            event: [_reference(handler) for handler in handlers]
            for event, handlers in definition.subscriptions.items()
        },
        "paths": dataclasses.asdict(definition.paths),
        "source": definition.source,
        "import_name": definition.import_name,
    }


def _definition_from_data(data: Mapping[str, Any]) -> ModuleDefinition:
    fields = dict(data)
    paths = ModulePaths(**fields.pop("paths"))
    return ModuleDefinition(fields.pop("code"), paths=paths, **fields)


class _Shown:
    """A value that stayed in the child process, known by its ``repr``."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _problem_data(problem: ModstackError) -> dict[str, Any]:
    if isinstance(problem, DefinitionError):
        try:
            value = json.loads(json.dumps(problem.value))
        except (TypeError, ValueError):
            value = None
        return {"kind": "definition", "module": problem.module, "field": problem.field,
                "value": value, "shown": repr(problem.value), "reason": problem.reason,
                "file": problem.file}  # fmt: skip
    if isinstance(problem, DiscoveryError):
        return {"kind": "discovery", "source": problem.source, "reason": problem.reason,
                "module": problem.module}  # fmt: skip
    return {"kind": "discovery", "source": "the module tree", "reason": str(problem),
            "module": getattr(problem, "module", None)}  # fmt: skip


def _problem_from_data(data: Mapping[str, Any]) -> ModstackError:
    if data["kind"] == "definition":
        value = data["value"] if repr(data["value"]) == data["shown"] else _Shown(data["shown"])
        return DefinitionError(module=data["module"], field=data["field"], value=value,
                               reason=data["reason"], file=data["file"])  # fmt: skip
    return DiscoveryError(source=data["source"], reason=data["reason"], module=data["module"])


def _discovery_data(found: Discovery) -> dict[str, Any]:
    return {
        "definitions": [_definition_data(d) for d in found.definitions],
        "problems": [_problem_data(p) for p in found.problems],
    }


def _discovery_from_data(data: Mapping[str, Any]) -> Discovery:
    definitions = tuple(_definition_from_data(d) for d in data["definitions"])
    return Discovery(definitions, tuple(_problem_from_data(p) for p in data["problems"]))


# -- the child ---------------------------------------------------------------------------


class _ThreadWatch:
    """Which definition file started each thread still running at the end."""

    def __init__(self) -> None:
        self.known = {thread.ident for thread in threading.enumerate()}
        self.started_by: dict[int | None, str] = {}
        self.current = ""

    def importing(self, source: str) -> None:
        self._attribute()
        self.current = source

    def _attribute(self) -> None:
        for thread in threading.enumerate():
            if thread.ident not in self.known:
                self.known.add(thread.ident)
                self.started_by[thread.ident] = self.current

    def problems(self) -> list[ModstackError]:
        self._attribute()
        return [
            DiscoveryError(
                source=self.started_by[thread.ident],
                reason=f"importing the definition started thread {thread.name!r}, which is "
                "still running; a definition must not start threads (start them in "
                "on_startup)",
            )
            for thread in threading.enumerate()
            if thread.ident in self.started_by and not thread.daemon and thread.is_alive()
        ]


def _child(channel: int) -> None:
    """Run the discovery the parent asked for on stdin; report on ``channel``; exit
    without waiting for any thread a definition started."""
    out = os.fdopen(channel, "w", encoding="utf-8")

    def send(message: dict[str, Any]) -> None:
        out.write(json.dumps(message) + "\n")
        out.flush()

    request = json.loads(sys.stdin.read())
    sys.path[:] = request["sys_path"]
    watch = _ThreadWatch()
    send({"ready": True})

    def importing(source: str) -> None:
        watch.importing(source)
        send({"importing": source})

    try:
        found = scan(
            *request["roots"],
            entry_points=request["entry_points"],
            group=request["group"],
            on_import=importing,
        )
        found += Discovery((), tuple(watch.problems()))
        send({"result": _discovery_data(found)})
    except BaseException as error:  # noqa: BLE001 - a KeyboardInterrupt a definition raised
        source = _failing_line(error, watch.current) if watch.current else "the module tree"
        send({"fatal": {"source": source, "reason": _cause(error)}})
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)


if __name__ == "__main__":
    _child(int(sys.argv[1]))
