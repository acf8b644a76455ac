"""The Django adapter's cost per request, in process (Django's ``WSGIHandler`` called as a
WSGI server calls it, without a socket or a test client), side by side in one run:

1. a module's view behind the gate vs. the same view on a plain ``path()`` in the same
   project, and as a Django project without modstack serves it;
2. the same module route in a project with 200 modules vs. a project with one
   (target >= 0.9);
3. the Python calls one request makes (cProfile's ``total_calls``), which no load moves.

The project is a settings module written to a temporary folder, as a real one is:
``DEBUG = False``, ``ALLOWED_HOSTS``, the ``modstack.django`` app and its middleware,
``urls.py`` with the project's own ``path()`` and then ``include("modstack.django.urls")``,
modstack's tables in SQLite, tenant ``acme`` with every module. Django's settings belong
to the process, so the other two are served by the same project: "without modstack" is
its ``WSGIHandler`` built with ``MIDDLEWARE = []`` (the ``modstack.django`` app has no
per-request hook, and the plain URL is the first pattern, so a request does what it does
in a project without modstack: the same Python calls, which the script checks against
such a project set up in a process of its own); "200 modules" is the project serving
another ``Modstack`` through ``apps.get_app_config("modstack").use(...)``, swapped in
before its turn.

The variants take turns, ``--rounds`` rounds of ``--requests`` requests each (short
turns: a busy moment of the machine falls on all of them), in CPU time of the asking
thread (``time.thread_time``); printed: each variant's best round, and each ratio of the
best rounds and the median of the rounds' own ratios (steadier on a busy machine). Every
route is checked before and after each turn: 200 and the view's JSON.

    python benchmarks/bench_django.py [--requests 500] [--rounds 60]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.timing import WsgiCall, module_tree, per_call  # noqa: E402

HOST = "bench.example"
BODY = b'{"hello": "world"}'

VIEW = """from django.http import JsonResponse


def hello(request):
    return JsonResponse({"hello": "world"})
"""
"""The view every variant serves (a module's route file and the project's ``urls.py``
define it alike)."""

PLAIN = "/own/v1/vendor/m1_000/hello"
"""The plain route: as long as the module route, with as many segments."""

ROUTE = f"""from django.urls import path

{VIEW}

urlpatterns = [path("hello", hello)]
"""

PROJECT_URLS = f"""from django.urls import include, path

{VIEW}

urlpatterns = [
    path({PLAIN[1:]!r}, hello),
    path("", include("modstack.django.urls")),
]
"""

BARE_URLS = f"""from django.urls import path

{VIEW}

urlpatterns = [path({PLAIN[1:]!r}, hello)]
"""

SETTINGS = """SECRET_KEY = "bench-secret-key-not-for-production"
DEBUG = False
ALLOWED_HOSTS = [{host!r}]
ROOT_URLCONF = "benchsite.urls"
USE_TZ = True
"""

MODSTACK_SETTINGS = """INSTALLED_APPS = ["modstack.django"]
MIDDLEWARE = ["modstack.django.middleware.ModstackMiddleware"]
TEMPLATES = [{{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "OPTIONS": {{"loaders": [
        "django.template.loaders.app_directories.Loader",
        "modstack.django.templates.ModuleTemplates",
    ]}},
}}]
MODSTACK = {{
    "modules": {modules!r},
    "database_url": {database!r},
    "admin_token": {token!r},
}}
"""

TOKEN = "bench-admin-token-long-enough-to-sign-sessions"


def tree(folder: Path, count: int) -> Path:
    """``count`` modules, each with a vendor API ``GET /hello``."""
    return module_tree(folder, count, lambda code: ROUTE)


def project(folder: Path, *, bare: bool = False) -> Path:
    """The Django project (package ``benchsite`` in ``folder``) with one module; without
    modstack (no app, no middleware, no ``include``) when ``bare``. Its folder, for
    ``sys.path``."""
    site = folder / "benchsite"
    site.mkdir(parents=True)
    (site / "__init__.py").write_text("")
    settings = SETTINGS.format(host=HOST)
    if bare:
        (site / "urls.py").write_text(BARE_URLS)
    else:
        (site / "urls.py").write_text(PROJECT_URLS)
        modules, database = tree(folder, 1), f"sqlite:///{folder / 'modstack.db'}"
        settings += MODSTACK_SETTINGS.format(modules=str(modules), database=database, token=TOKEN)
    (site / "settings.py").write_text(settings)
    return folder


class Asking(WsgiCall):
    """``GET path`` with ``X-Tenant: acme``, handed to the WSGI app as a WSGI server hands
    it (the environ built once; the body read to the end, the iterable closed)."""

    def __init__(self, app: Callable[..., Any], path: str) -> None:
        super().__init__(app, {
            "REQUEST_METHOD": "GET", "SCRIPT_NAME": "", "PATH_INFO": path,
            "QUERY_STRING": "", "SERVER_NAME": HOST, "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": HOST, "HTTP_X_TENANT": "acme",
            "HTTP_ACCEPT": "application/json", "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
            "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        })  # fmt: skip
        self.path = path

    def check(self) -> None:
        """Exit unless the route answers 200 with the view's body (a benchmark of
        refusals or 404s measures nothing)."""
        body = self()
        if not self.status.startswith("200") or body != BODY:
            raise SystemExit(f"GET {self.path}: {self.status} {body!r}")


class Variant:
    """A route of the project, served by ``stack`` (None: no modstack)."""

    def __init__(self, ask: Asking, stack: Any) -> None:
        self.ask = ask
        self.stack = stack

    def serve(self) -> None:
        """Make this variant's stack the project's (a no-op when it already is), and
        check the route."""
        if self.stack is not None:
            from django.apps import apps

            config = apps.get_app_config("modstack")
            if config.modstack is not self.stack:
                config.use(self.stack)
        self.ask.check()


def django_project(folder: Path, *, bare: bool = False) -> Callable[..., Any]:
    """Set up the project in ``folder`` in this process; its WSGI application."""
    sys.path.insert(0, str(project(folder, bare=bare)))
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchsite.settings"
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()  # type: ignore[no-any-return]


def started(stack: Any) -> Any:
    """``stack`` started, tenant ``acme`` having all its modules."""
    stack.start()
    stack.core.tenancy.create_tenant("acme", modules=list(stack.core.registry.order))
    return stack


def variants(folder: Path) -> dict[str, Variant]:
    """The four variants, set up in this process."""
    app = django_project(folder / "site")
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.utils import override_settings

    from modstack.django import current
    from modstack.django.adapter import Modstack
    from modstack.settings import ModstackSettings

    with override_settings(MIDDLEWARE=[]):
        bare = WSGIHandler()  # its middleware chain is read now: none
    one = started(current())
    many = started(
        Modstack(
            ModstackSettings(
                modules=str(tree(folder, 200)),
                database_url=f"sqlite:///{folder / 'many.db'}",
                admin_token=TOKEN,
                _env_file=None,  # type: ignore[call-arg]
            )
        )
    )
    return {
        BARE: Variant(Asking(bare, PLAIN), None),
        PLAIN_SAME: Variant(Asking(app, PLAIN), one),
        GATED: Variant(Asking(app, "/api/v1/vendor/m1_000/hello"), one),
        GATED_MANY: Variant(Asking(app, "/api/v1/vendor/m200_000/hello"), many),
    }


BARE = "plain route, Django without modstack"
PLAIN_SAME = "plain route, same project (1 module)"
GATED = "gated module route (1 module)"
GATED_MANY = "gated module route (200 modules)"


def interleaved(served: dict[str, Variant], requests: int, rounds: int) -> dict[str, list[float]]:
    """µs per request of each variant in each of ``rounds`` runs of ``requests``
    requests, the variants taking turns in every round."""
    rounds_of: dict[str, list[float]] = {name: [] for name in served}
    for _ in range(rounds):
        for name, variant in served.items():
            variant.serve()
            timer = timeit.Timer(variant.ask, timer=time.thread_time)
            rounds_of[name].append(timer.timeit(requests) / requests * 1e6)
            variant.ask.check()  # still 200: a refusal would make a fast, false figure
    return rounds_of


def calls(variant: Variant, requests: int) -> float:
    """Python calls (cProfile's ``total_calls``) per request: a count the machine's load
    does not move."""
    variant.serve()
    for _ in range(20):
        variant.ask()
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        variant.ask()
    profile.disable()
    variant.ask.check()
    return float(pstats.Stats(profile).total_calls) / requests  # type: ignore[attr-defined]


def parts(served: dict[str, Variant]) -> dict[str, float]:
    """µs of the pieces of a gated request, each alone: Django's URL resolution of the
    plain and the module path (the project's root resolver, ``include`` and modstack's
    module tables), the gate's decision and counting the request in the metrics."""
    from django.urls import get_resolver

    from modstack.web.gate import decide

    served[GATED].serve()
    stack = served[GATED].stack
    namespace = {"decide": decide, "stack": stack, "resolver": get_resolver()}
    return {
        "resolving the plain path": per_call(f"resolver.resolve({PLAIN!r})", namespace, 20_000),
        "resolving the module path": per_call(
            f"resolver.resolve({served[GATED].ask.path!r})", namespace, 20_000
        ),
        "the gate's decision (decide())": per_call(
            "decide(stack.core, 'm1_000', 'acme')", namespace, 100_000
        ),
        "counting the request (metrics)": per_call(
            "stack.observe('m1_000', 0.001)", namespace, 100_000
        ),
    }


def bare_project_calls(requests: int) -> float:
    """The Python calls per request of the plain route in a project without modstack
    (no app, no middleware, its own ``urls.py``), set up in a process of its own."""
    code = (
        "import sys, tempfile; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from benchmarks.bench_django import PLAIN, Asking, Variant, calls, django_project;"
        "app = django_project(Path(tempfile.mkdtemp()), bare=True);"
        "print(calls(Variant(Asking(app, PLAIN), None), int(sys.argv[2])))"
    )
    run = [sys.executable, "-c", code, str(ROOT), str(requests)]
    return float(subprocess.run(run, check=True, capture_output=True, text=True).stdout)


def main() -> None:
    """Print the figures recorded in docs/benchmarks.md."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--calls", type=int, default=200, help="requests profiled per route")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        served = variants(Path(scratch))
        try:
            rounds_of = interleaved(served, options.requests, options.rounds)
            counts = {name: calls(variant, options.calls) for name, variant in served.items()}
            pieces = parts(served)
        finally:
            for stack in {v.stack for v in served.values() if v.stack is not None}:
                stack.stop()
    separate = bare_project_calls(options.calls)
    if separate != counts[BARE]:
        raise SystemExit(
            f"a project without modstack makes {separate} Python calls per request, "
            f"the handler without middleware {counts[BARE]}: it is no stand-in for it"
        )
    figures = {name: min(times) for name, times in rounds_of.items()}
    print(f"best of {options.rounds} rounds of {options.requests} requests, CPU time")
    for name, micros in figures.items():
        print(f"{name:40} {micros:8.2f} µs/request   {counts[name]:6.1f} Python calls")
    compare(figures, rounds_of, counts)
    print("alone, µs per call:")
    for name, micros in pieces.items():
        print(f"  {name:38} {micros:6.2f}")


def compare(
    figures: dict[str, float], rounds_of: dict[str, list[float]], counts: dict[str, float]
) -> None:
    """The ratios of the best rounds, and what each difference adds; then the median of
    the rounds' own ratios (the two runs of a round are next to each other in time, so
    a busy spell of the machine falls on both)."""
    pairs = [
        ("gated vs plain (same project)", GATED, PLAIN_SAME),
        ("gated vs plain (without modstack)", GATED, BARE),
        ("plain: same project vs without", PLAIN_SAME, BARE),
        ("200 modules vs 1", GATED_MANY, GATED),
    ]
    for label, slower, faster in pairs:
        added = figures[slower] - figures[faster]
        more = counts[slower] - counts[faster]
        pairs_of = zip(rounds_of[faster], rounds_of[slower], strict=True)
        paired = statistics.median(fast / slow for fast, slow in pairs_of)
        best = figures[faster] / figures[slower]
        print(f"{label:35} {best:.3f}x  (added {added:+.1f} µs, {more:+.0f} calls; "
              f"median of the rounds' ratios {paired:.3f}x)")  # fmt: skip


if __name__ == "__main__":
    main()
