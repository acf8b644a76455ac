"""The Flask adapter's cost per request, in process (the app called as a WSGI server
calls it, without a socket or a test client), side by side in one run:

1. a module's route behind the gate vs. the same view on a plain Flask route, in the
   same app and in a Flask app without modstack (target >= 0.97, added cost <= 3 µs);
2. the same module route in an app with 200 modules vs. an app with one (target >= 0.9).

Each figure is the best of 60 runs of 500 requests per variant, the variants taking
turns in each round (short turns: a busy moment of the machine falls on all of them), in
CPU time of the thread asking (``time.thread_time``: what other processes on a
busy machine do moves it far less than wall time); then the gate's decision and the
metrics alone (the part of a gated route's cost that no routing removes), and the
function calls one request makes (which no load moves).

    python benchmarks/bench_flask.py [--requests 500] [--rounds 60]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import timeit
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import WsgiCall, module_tree, per_call  # noqa: E402
from flask import Flask  # noqa: E402
from werkzeug.test import EnvironBuilder  # noqa: E402

from modstack.flask import create_app  # noqa: E402
from modstack.settings import ModstackSettings  # noqa: E402
from modstack.web.gate import decide  # noqa: E402

ROUTE = """from flask import Blueprint

router = Blueprint("{code}_api", __name__)


@router.get("/hello")
def hello() -> dict[str, str]:
    return {{"hello": "world"}}
"""


PLAIN = "/own/v1/vendor/m1_000/hello"
"""The plain route: as long as the module route, with as many segments (the test
client's and the router's work grow with the path)."""


def hello() -> dict[str, str]:
    """The view every variant serves."""
    return {"hello": "world"}


def tree(folder: Path, count: int) -> Path:
    """``count`` modules, each with a vendor API ``GET /hello``."""
    return module_tree(folder, count, lambda code: ROUTE.format(code=code))


def app_with(folder: Path, count: int) -> tuple[Flask, str]:
    """A started app with ``count`` modules, tenant ``acme`` having them all; and the
    path of the first module's route."""
    settings = ModstackSettings(
        modules=str(tree(folder, count)),
        database_url=f"sqlite:///{folder / f'bench_{count}.db'}",
        environment="test",
        _env_file=None,  # type: ignore[call-arg]
    )
    app = create_app(settings=settings)
    app.add_url_rule(PLAIN, view_func=hello)
    stack = app.extensions["modstack"]
    stack.start()
    stack.core.tenancy.create_tenant("acme", modules=list(stack.core.registry.order))
    return app, f"/api/v1/vendor/m{count}_000/hello"


class Asking(WsgiCall):
    """``GET path`` with ``X-Tenant: acme``, handed to the app as a WSGI server hands it
    (the environ built once; the body read to the end, the iterable closed)."""

    def __init__(self, app: Flask, path: str) -> None:
        super().__init__(app, EnvironBuilder(path=path, headers={"X-Tenant": "acme"}).get_environ())
        body = self()
        if not self.status.startswith("200"):
            raise SystemExit(f"GET {path}: {self.status} {body!r}")


def interleaved(variants: dict[str, Asking], requests: int, rounds: int) -> dict[str, float]:
    """µs per request of each variant: the best of ``rounds`` runs of ``requests``
    requests, the variants taking turns in every round (so that a busy moment of the
    machine falls on all of them)."""
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(rounds):
        for name, ask in variants.items():
            timer = timeit.Timer(ask, timer=time.thread_time)
            best[name] = min(best[name], timer.timeit(requests) / requests * 1e6)
    return best


def calls(ask: Asking) -> tuple[int, int]:
    """(Python calls, C calls) made while serving one request: a count the machine's
    load does not move."""
    counted = {"call": 0, "c_call": 0}

    def count(frame: Any, event: str, argument: Any) -> None:
        if event in counted:
            counted[event] += 1

    sys.setprofile(count)
    try:
        ask()
    finally:
        sys.setprofile(None)
    return counted["call"], counted["c_call"]


def parts(app: Flask, code: str) -> dict[str, float]:
    """µs of the gate's own decision and of counting a request in the metrics, alone
    (what a gated route costs whatever the routing)."""
    stack = app.extensions["modstack"]
    namespace = {"decide": decide, "core": stack.core, "code": code, "stack": stack}
    return {
        "the gate's decision (decide())": per_call(
            "decide(core, code, 'acme')", namespace, 100_000
        ),
        "counting the request (metrics)": per_call(
            "stack.observe(code, 0.001)", namespace, 100_000
        ),
    }


def main() -> None:
    """Print the figures recorded in docs/benchmarks.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=60)
    options = parser.parse_args()
    bare = Flask("bare")
    bare.add_url_rule(PLAIN, view_func=hello)
    with tempfile.TemporaryDirectory() as scratch:
        one, route_one = app_with(Path(scratch), 1)
        many, route_many = app_with(Path(scratch), 200)
        variants = {
            "plain route, Flask app without modstack": Asking(bare, PLAIN),
            "plain route, same app (1 module)": Asking(one, PLAIN),
            "gated module route (1 module)": Asking(one, route_one),
            "gated module route (200 modules)": Asking(many, route_many),
        }
        figures = interleaved(variants, options.requests, options.rounds)
        figures.update(parts(one, "m1_000"))
        counts = {name: calls(ask) for name, ask in variants.items()}
        for app in (one, many):
            app.extensions["modstack"].stop()
    for name, micros in figures.items():
        python, c = counts.get(name, (0, 0))
        made = f"   {python} Python + {c} C calls" if name in counts else ""
        print(f"{name:45} {micros:8.2f} µs/request{made}")
    plain_same = figures["plain route, same app (1 module)"]
    plain_bare = figures["plain route, Flask app without modstack"]
    gated = figures["gated module route (1 module)"]
    print(f"gated vs plain (same app):      {plain_same / gated:.3f}x  "
          f"(added {gated - plain_same:+.1f} µs)")  # fmt: skip
    print(f"gated vs plain (bare Flask):    {plain_bare / gated:.3f}x  "
          f"(added {gated - plain_bare:+.1f} µs)")  # fmt: skip
    many_gated = figures["gated module route (200 modules)"]
    print(f"200 modules vs 1:               {gated / many_gated:.3f}x")


if __name__ == "__main__":
    main()
