"""Throughput of gated module routes, with wrk against one uvicorn worker on loopback:

1. a module's route behind the gate vs. the same handler on a plain FastAPI route in the
   same app (target >= 0.97);
2. the same module route in an app with 200 modules mounted vs. an app with one module
   (target >= 0.9).

Needs `wrk` (apt-get install -y wrk). Runs are interleaved; each figure is the median,
and the median of each round's own ratio is printed too (the steadier figure on a busy
machine).
Besides requests per second, each run divides the requests served by the CPU time the
server process used: on a machine busy with other work, that ratio is the one to read.

    python benchmarks/bench_gate.py [--seconds 5] [--runs 3] [--connections 32]
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
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from tests.integration.servers import free_port, wait_for_port  # noqa: E402

ROUTE = """
from fastapi import APIRouter

router = APIRouter()


@router.get("/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}


@router.get("/items/{item}")
async def item(item: int) -> dict[str, int]:
    return {"item": item}
"""

SERVE = """
from modstack.fastapi import create_app

app = create_app()


@app.get("/plain/hello")
async def hello() -> dict[str, str]:
    return {"hello": "world"}


# Right after modstack's dispatcher (which passes on anything that is not a module route
# after one dict lookup), ahead of every other route: the plain route's best case.
app.router.routes.insert(1, app.router.routes.pop())

# The same handler in an included router, the way modules are mounted, without the gate.
from fastapi import APIRouter  # noqa: E402

included = APIRouter()
included.add_api_route("/hello", hello)
app.include_router(included, prefix="/included")
app.router.routes.insert(1, app.router.routes.pop())
"""


def make_tree(root: Path, modules: int) -> Path:
    tree = root / f"tree-{modules}"
    for number in range(modules):
        code = "shop" if number == 0 else f"mod{number:03d}"
        folder = tree / code
        (folder / "routes/api").mkdir(parents=True)
        (folder / "definition.py").write_text(
            f"from modstack import ModuleDefinition\n\nmodule = ModuleDefinition({code!r})\n"
        )
        for package in (folder, folder / "routes", folder / "routes/api"):
            (package / "__init__.py").write_text("")
        (folder / "routes/api/storefront.py").write_text(textwrap.dedent(ROUTE))
    (tree / "serve.py").write_text(textwrap.dedent(SERVE))
    return tree


def start(tree: Path, modules: int) -> tuple[subprocess.Popen[bytes], str]:
    database = f"sqlite:///{tree / 'bench.db'}"
    env = {**os.environ, "MODSTACK_MODULES": str(tree), "MODSTACK_DATABASE_URL": database}
    codes = ["shop", *(f"mod{n:03d}" for n in range(1, modules))]
    chosen = [arg for code in codes for arg in ("-m", code)]
    create = ["tenants", "create", "acme", *chosen, "--modules", str(tree), "--database", database]
    subprocess.run(
        [sys.executable, "-m", "modstack", *create], env=env, check=True, capture_output=True
    )
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "serve:app", "--app-dir", str(tree),
         "--port", str(port), "--log-level", "warning", "--no-access-log",
         "--loop", "uvloop", "--http", "httptools"],
        env=env,
    )  # fmt: skip
    wait_for_port(port, process=process)
    return process, f"http://127.0.0.1:{port}"


def wrk(url: str, seconds: int, connections: int, server: int) -> tuple[float, float]:
    """(requests per second, requests per CPU-second of the server process). The second
    does not depend on what else the machine runs: on a busy machine, compare that."""
    cpu_before = cpu_seconds(server)
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "X-Tenant: acme", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    cpu = cpu_seconds(server) - cpu_before
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} failed responses\n{output}")
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    if rate is None or total is None:
        raise RuntimeError(f"{url}: unexpected wrk output\n{output}")
    return float(rate.group(1)), int(total.group(1)) / cpu


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--modules", type=int, default=200)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install -y wrk)")
    folder = Path(tempfile.mkdtemp())
    small, small_url = start(make_tree(folder, 1), 1)
    large, large_url = start(make_tree(folder, args.modules), args.modules)
    gated = "/api/v1/storefront/shop/hello"
    targets = {
        "plain": (small, small_url + "/plain/hello"),
        "included": (small, small_url + "/included/hello"),
        "gated": (small, small_url + gated),
        "gated, many modules": (large, large_url + gated),
    }
    rates: dict[str, list[float]] = {name: [] for name in targets}
    per_cpu: dict[str, list[float]] = {name: [] for name in targets}
    try:
        for process, url in targets.values():
            wrk(url, 1, args.connections, process.pid)  # warm up
        for _ in range(args.runs):
            for name, (process, url) in targets.items():
                rate, efficiency = wrk(url, args.seconds, args.connections, process.pid)
                rates[name].append(rate)
                per_cpu[name].append(efficiency)
    finally:
        small.terminate()
        large.terminate()
        shutil.rmtree(folder, ignore_errors=True)
    header = f"wrk -t2 -c{args.connections} -d{args.seconds}s, one uvicorn worker"
    print(f"{header}, median of {args.runs}")
    print(f"  {'':<34}{'req/s':>9}{'ratio':>9}   {'req/CPU-s':>9}{'ratio':>9}")
    for name, label, base in [
        ("plain", "plain FastAPI route (first)", "plain"),
        ("included", "same, in an included router", "plain"),
        ("gated", "gated module route (1 module)", "plain"),
        ("gated, many modules", f"gated module route ({args.modules} modules)", "gated"),
    ]:
        rate, efficiency = statistics.median(rates[name]), statistics.median(per_cpu[name])
        rate_ratio = rate / statistics.median(rates[base])
        cpu_ratio = efficiency / statistics.median(per_cpu[base])
        print(f"  {label:<34}{rate:9.0f}{rate_ratio:8.3f}x   {efficiency:9.0f}{cpu_ratio:8.3f}x")
    print("  median of each round's own ratio (its runs seconds apart, so a busy moment of")
    print("  the machine falls on both sides of it):")
    for name, base in [("gated", "plain"), ("gated, many modules", "gated")]:
        own = [a / b for a, b in zip(per_cpu[name], per_cpu[base], strict=True)]
        print(f"    {name} / {base}: {statistics.median(own):.3f}x req/CPU-s"
              f"  (rounds: {', '.join(f'{r:.3f}' for r in own)})")  # fmt: skip
    print(f"  targets: gated >= 0.97x plain; {args.modules} modules >= 0.9x 1 module")
    print(f"  all runs, req/s: {rates}")
    print(f"  all runs, req/CPU-s: {per_cpu}")


if __name__ == "__main__":
    main()
