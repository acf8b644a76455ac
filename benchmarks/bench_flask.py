"""The Flask adapter's cost per request, in process with the Werkzeug test client,
side by side in one run:

1. a module's route behind the gate vs. the same view on a plain Flask route, in the
   same app and in a Flask app without modstack (target >= 0.97, added cost <= 3 µs);
2. the same module route in an app with 200 modules vs. an app with one (target >= 0.9).

Each figure is the best of five timeit runs, per request.

    python benchmarks/bench_flask.py [--requests 3000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import per_call  # noqa: E402
from flask import Flask  # noqa: E402

from modstack.flask import create_app  # noqa: E402
from modstack.settings import ModstackSettings  # noqa: E402

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
        (api / "vendor.py").write_text(ROUTE.format(code=code))
    return modules


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


def timed(app: Flask, path: str, requests: int) -> float:
    """µs per request of ``GET path`` with the test client."""
    client = app.test_client()
    headers = {"X-Tenant": "acme"}
    assert client.get(path, headers=headers).status_code == 200, path
    namespace: dict[str, Any] = {"client": client, "path": path, "headers": headers}
    return per_call("client.get(path, headers=headers)", namespace, requests)


def main() -> None:
    """Print the figures recorded in docs/benchmarks.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    requests = parser.parse_args().requests
    bare = Flask("bare")
    bare.add_url_rule(PLAIN, view_func=hello)
    with tempfile.TemporaryDirectory() as scratch:
        one, route_one = app_with(Path(scratch), 1)
        many, route_many = app_with(Path(scratch), 200)
        figures = {
            "plain route, Flask app without modstack": timed(bare, PLAIN, requests),
            "plain route, same app (1 module)": timed(one, PLAIN, requests),
            "gated module route (1 module)": timed(one, route_one, requests),
            "gated module route (200 modules)": timed(many, route_many, requests),
        }
        for app in (one, many):
            app.extensions["modstack"].stop()
    for name, micros in figures.items():
        print(f"{name:45} {micros:8.1f} µs/request")
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
