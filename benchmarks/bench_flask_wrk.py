"""Throughput of a gated Flask module route, with wrk against gunicorn on loopback, side
by side in one run:

1. one app serving both a module's gated route and the same view on a plain Flask route
   (same path shape and length): gated vs plain, under a sync worker and a gthread
   worker (target >= 0.97);
2. the gated route in an app with 200 modules vs. an app with one (target >= 0.9).

Needs `wrk` (apt-get install -y wrk). Each server is gunicorn with one worker; the
targets take turns (several rounds, the same wrk threads, connections and duration).
Printed: the median requests per second; the median of the rounds' ratios (a round's two
runs are next to each other in time, so a slow spell of the machine falls on both);
the ratio of the best runs; the median ratio in requests per CPU-second of the gunicorn
processes.

    python benchmarks/bench_flask_wrk.py [--seconds 5] [--rounds 5] [--connections 8]

gunicorn imports ``benchmarks.bench_flask_wrk:served()`` (the app named by
``BENCH_FLASK_MODULES`` and ``BENCH_FLASK_DATABASE``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_flask import PLAIN, hello, tree  # noqa: E402
from flask import Flask  # noqa: E402
from tests.integration.servers import free_port, wait_for_port  # noqa: E402

from modstack.flask import create_app  # noqa: E402
from modstack.settings import ModstackSettings  # noqa: E402

WORKER_CLASSES = ("sync", "gthread")


def settings_for(modules: str, database: str) -> ModstackSettings:
    """The benchmark app's settings (nothing from the environment)."""
    return ModstackSettings(
        modules=modules,
        database_url=database,
        environment="production",
        _env_file=None,  # type: ignore[call-arg]
    )


def served() -> Flask:
    """The app gunicorn serves: the modules of ``BENCH_FLASK_MODULES`` and the plain
    route, on ``BENCH_FLASK_DATABASE``."""
    app = create_app(
        settings=settings_for(os.environ["BENCH_FLASK_MODULES"], os.environ["BENCH_FLASK_DATABASE"])
    )
    app.add_url_rule(PLAIN, view_func=hello)
    return app


def prepare(folder: Path, count: int) -> dict[str, str]:
    """``count`` modules and a database where tenant ``acme`` has them all; the
    environment that names them to ``served()``."""
    modules = str(tree(folder, count))
    database = f"sqlite:///{folder / f'wrk_{count}.db'}"
    app = create_app(settings=settings_for(modules, database))
    stack = app.extensions["modstack"]
    stack.start()
    try:
        stack.core.tenancy.create_tenant("acme", modules=list(stack.core.registry.order))
    finally:
        stack.stop()
    return {"BENCH_FLASK_MODULES": modules, "BENCH_FLASK_DATABASE": database}


@dataclass
class Server:
    """One gunicorn (one worker) serving ``served()``."""

    process: subprocess.Popen[bytes]
    url: str
    rates: dict[str, list[float]] = field(default_factory=dict)
    per_cpu: dict[str, list[float]] = field(default_factory=dict)

    def cpu_seconds(self) -> float:
        """CPU time so far of gunicorn's master and its workers (Linux)."""
        pids = [self.process.pid, *_children(self.process.pid)]
        return sum(_cpu_seconds(pid) for pid in pids)

    def stop(self) -> None:
        """Stop gunicorn and wait for it."""
        self.process.terminate()
        self.process.wait(30)


def start(environment: dict[str, str], worker_class: str) -> Server:
    """gunicorn with one ``worker_class`` worker (4 threads for gthread) on a free port."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "benchmarks.bench_flask_wrk:served()",
        "--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-class", worker_class,
        "--threads", "4", "--log-level", "warning", "--chdir", str(ROOT),
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODSTACK_")}
    process = subprocess.Popen(command, env={**env, **environment, "PYTHONPATH": str(ROOT)})
    wait_for_port(port, process=process, timeout=60)
    return Server(process, f"http://127.0.0.1:{port}")


def wrk(server: Server, path: str, seconds: int, connections: int) -> tuple[float, float]:
    """(requests per second, requests per CPU-second of the server) for ``GET path``
    with ``X-Tenant: acme``. Raises RuntimeError when any answer was not a success."""
    before = server.cpu_seconds()
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-H", "X-Tenant: acme",
         server.url + path],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    cpu = server.cpu_seconds() - before
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{path}: {errors.group(1)} failed responses\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if rate is None or total is None:
        raise RuntimeError(f"{path}: unexpected wrk output\n{output}")
    return float(rate.group(1)), int(total.group(1)) / max(cpu, 1e-9)


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in found.read_text().split()] if found.exists() else []


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rounds(targets: dict[str, tuple[Server, str]], options: argparse.Namespace) -> None:
    """Warm every target up, then run wrk on each in turn, ``options.rounds`` times."""
    for server, path in targets.values():
        wrk(server, path, 1, options.connections)
    for _ in range(options.rounds):
        for name, (server, path) in targets.items():
            rate, per_cpu = wrk(server, path, options.seconds, options.connections)
            server.rates.setdefault(name, []).append(rate)
            server.per_cpu.setdefault(name, []).append(per_cpu)


def report(label: str, server: Server, name: str, base: Server, base_name: str) -> str:
    """One line for ``name`` against ``base_name``: the median req/s, the median of the
    rounds' ratios (each round's two runs are next to each other in time), the ratio of
    the best runs, and the median ratio in requests per CPU-second."""
    rates, base_rates = server.rates[name], base.rates[base_name]
    paired = statistics.median(r / b for r, b in zip(rates, base_rates, strict=True))
    best = max(rates) / max(base_rates)
    per_cpu = statistics.median(
        r / b for r, b in zip(server.per_cpu[name], base.per_cpu[base_name], strict=True)
    )
    median = statistics.median(rates)
    return f"  {label:<36}{median:8.0f}{paired:9.3f}x{best:9.3f}x{per_cpu:11.3f}x"


def main() -> None:
    """Print the figures recorded in docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--modules", type=int, default=200)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    folder = Path(tempfile.mkdtemp())
    one, many = prepare(folder, 1), prepare(folder, options.modules)
    gated_one, gated_many = (
        "/api/v1/vendor/m1_000/hello",
        f"/api/v1/vendor/m{options.modules}_000/hello",
    )
    servers: list[Server] = []
    lines: list[str] = []
    try:
        for worker_class in WORKER_CLASSES:
            server = start(one, worker_class)
            servers.append(server)
            rounds({"plain": (server, PLAIN), "gated": (server, gated_one)}, options)
            lines.append(f"{worker_class} worker, one app: gated vs plain")
            lines.append(report("plain Flask route", server, "plain", server, "plain"))
            lines.append(report("gated module route (1 module)", server, "gated", server, "plain"))
        small, large = start(one, "gthread"), start(many, "gthread")
        servers += [small, large]
        rounds({"one": (small, gated_one), "many": (large, gated_many)}, options)
        lines.append(f"gthread worker, {options.modules} modules vs 1")
        lines.append(report("gated module route (1 module)", small, "one", small, "one"))
        lines.append(
            report(f"gated module route ({options.modules} modules)", large, "many", small, "one")
        )
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    header = f"wrk -t1 -c{options.connections} -d{options.seconds}s, gunicorn --workers 1"
    print(f"{header}, {options.rounds} interleaved rounds; load {os.getloadavg()[0]:.1f}")
    print(f"  {'':<36}{'req/s':>8}{'median':>10}{'best':>10}{'per CPU-s':>12}")
    print("\n".join(lines))
    print("  targets: gated >= 0.97x plain; 200 modules >= 0.9x 1 module")
    for server in servers:
        print(f"  all runs, req/s: {server.rates}; req/CPU-s: {server.per_cpu}")


if __name__ == "__main__":
    main()
