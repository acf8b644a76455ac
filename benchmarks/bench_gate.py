"""Throughput of gated module routes, with wrk against one uvicorn worker on loopback:

1. a module's route behind the gate vs. the same handler on a plain FastAPI route in the
   same app (target >= 0.97);
2. the same module route in an app with 200 modules mounted vs. an app with one module
   (target >= 0.9).

Needs `wrk` (apt-get install -y wrk). Runs are interleaved; each figure is the median.

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


def wrk(url: str, seconds: int, connections: int) -> float:
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-H", "X-Tenant: acme", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} failed responses\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert match, output
    return float(match.group(1))


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
    results: dict[str, list[float]] = {
        "plain": [], "included": [], "gated": [], "gated, 200 modules": []
    }  # fmt: skip
    try:
        for url in (small_url + gated, small_url + "/plain/hello", large_url + gated):
            wrk(url, 1, args.connections)  # warm up
        for _ in range(args.runs):
            results["plain"].append(wrk(small_url + "/plain/hello", args.seconds, args.connections))
            included = wrk(small_url + "/included/hello", args.seconds, args.connections)
            results["included"].append(included)
            results["gated"].append(wrk(small_url + gated, args.seconds, args.connections))
            results["gated, 200 modules"].append(
                wrk(large_url + gated, args.seconds, args.connections)
            )
    finally:
        small.terminate()
        large.terminate()
        shutil.rmtree(folder, ignore_errors=True)
    median = {name: statistics.median(values) for name, values in results.items()}
    header = f"wrk -t2 -c{args.connections} -d{args.seconds}s, one uvicorn worker"
    print(f"{header}, median of {args.runs} (req/s)")
    plain, included = median["plain"], median["included"]
    gated, many = median["gated"], median["gated, 200 modules"]
    rows = [
        ("plain FastAPI route (first)", plain, ""),
        ("same, in an included router", included, f"{included / plain:.3f}x plain"),
        ("gated module route (1 module)", gated, f"{gated / plain:.3f}x plain"),
        (f"gated module route ({args.modules} modules)", many, f"{many / gated:.3f}x 1 module"),
    ]
    for name, rate, ratio in rows:
        print(f"  {name:<34}{rate:9.0f}   {ratio}")
    print("  targets: gated >= 0.97x plain; 200 modules >= 0.9x 1 module")
    print(f"  all runs: {results}")


if __name__ == "__main__":
    main()
