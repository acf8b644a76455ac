"""Requests per second of the reference marketplace (examples/marketplace): the
storefront catalog page (HTML, 6 products with their stock) and the checkout API (a paid
order: stock reservation, payment, order, invoice, notification, figures), with 1 and 16
concurrent clients, on SQLite and on PostgreSQL.

One uvicorn worker; wrk (one thread) on loopback. For the checkout, each request checks
out a cart of its own (prepared beforehand, one mug each), so every request places a real
order. Needs `wrk` and, for PostgreSQL, Debian's postgresql (as the integration tests).

    python benchmarks/bench_marketplace.py [--seconds 5]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples/marketplace"
sys.path[:0] = [str(ROOT), str(EXAMPLE)]

import sqlalchemy as sa  # noqa: E402
from tests.integration.servers import (  # noqa: E402
    PostgresServer,
    free_port,
    postgres_bin,
    wait_for_port,
)

CATALOG = "/t/acme/storefront/catalog"
CHECKOUT = "/t/acme/api/v1/storefront/checkout/"
LUA = """
local carts = {}
for line in io.lines(os.getenv("CARTS")) do carts[#carts + 1] = line end
local next_cart = 0
request = function()
  next_cart = next_cart + 1
  local headers = {["Content-Type"] = "application/json", ["X-Cart"] = carts[next_cart]}
  return wrk.format("POST", nil, headers, '{"email": "bench@example.com", "name": "Bench"}')
end
"""


def prepare(url: str, carts: int) -> list[Path]:
    """Migrate and seed the database, give the mug plenty of stock, and write ``carts``
    carts of one mug each; returns two files of their ids (one per run: a cart is
    checked out once)."""
    from app import db
    from app.seed import prepare as prepare_database
    from modstack.db import create_engine

    prepare_database(url)
    db.use(create_engine(url))
    ids = [str(uuid.uuid4()) for _ in range(carts)]
    now = datetime.now(UTC)
    with db.write() as session:
        session.execute(
            sa.text("UPDATE stock_levels SET on_hand = 10000000 WHERE sku = 'ACME-MUG'")
        )
        mug = session.execute(
            sa.text("SELECT id, price_cents FROM products WHERE sku = 'ACME-MUG'")
        ).one()
        session.execute(
            sa.text("INSERT INTO carts (id, tenant, created_at) VALUES (:id, 'acme', :now)"),
            [{"id": i, "now": now} for i in ids],
        )
        session.execute(
            sa.text(
                "INSERT INTO cart_items (cart_id, product_id, sku, name, unit_price_cents,"
                " currency, quantity)"
                " VALUES (:id, :product, 'ACME-MUG', 'Enamel mug', :price, 'EUR', 1)"
            ),
            [{"id": i, "product": mug.id, "price": mug.price_cents} for i in ids],
        )
    db.engine().dispose()
    listings = []
    for half in (ids[: carts // 2], ids[carts // 2 :]):
        listing = Path(tempfile.mkstemp(suffix=".carts")[1])
        listing.write_text("\n".join(half) + "\n")
        listings.append(listing)
    return listings


def serve(url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "MODSTACK_DATABASE_URL": url, "MODSTACK_ENVIRONMENT": "test"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(EXAMPLE),
            "--factory",
            "app.main:build",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_port(port, process=process)
    return process, port


def wrk(
    url: str, clients: int, seconds: int, script: Path | None = None, carts: Path | None = None
) -> tuple[float, int]:
    command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    env = {**os.environ, **({"CARTS": str(carts)} if carts else {})}
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, int(errors.group(1)) if errors else 0


def measure(label: str, url: str, seconds: int) -> dict[tuple[str, int], float]:
    carts = prepare(url, carts=20_000)
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(LUA)
    process, port = serve(url)
    results: dict[tuple[str, int], float] = {}
    try:
        wrk(f"http://127.0.0.1:{port}{CATALOG}", 4, 1)  # warm up
        for clients in (1, 16):
            rate, errors = wrk(f"http://127.0.0.1:{port}{CATALOG}", clients, seconds)
            assert errors == 0, f"{errors} catalog requests failed"
            results[("catalog page", clients)] = rate
        for clients, listing in zip((1, 16), carts, strict=True):
            rate, errors = wrk(
                f"http://127.0.0.1:{port}{CHECKOUT}", clients, seconds, script, listing
            )
            assert errors == 0, f"{errors} checkouts failed (out of carts? raise carts=)"
            results[("checkout API", clients)] = rate
    finally:
        process.terminate()
        process.wait(20)
    print(f"{label}:")
    for (what, clients), rate in results.items():
        print(f"  {what:<13} {clients:>2} client{'s' if clients > 1 else ' '}  {rate:8.1f} req/s")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("needs wrk: apt-get install -y wrk")
    folder = Path(tempfile.mkdtemp(prefix="bench-marketplace-"))
    sqlite = measure("SQLite", f"sqlite:///{folder / 'marketplace.db'}", args.seconds)
    binaries = postgres_bin()
    if binaries is None:
        print("PostgreSQL: not installed (apt-get install -y postgresql); skipped")
        return
    server = PostgresServer(binaries)
    try:
        postgres = measure("PostgreSQL", server.create_database("bench_marketplace"), args.seconds)
    finally:
        server.close()
    print("PostgreSQL / SQLite:")
    for key, rate in sqlite.items():
        print(
            f"  {key[0]:<13} {key[1]:>2} client{'s' if key[1] > 1 else ' '}"
            f"  {postgres[key] / rate:.2f}x"
        )


if __name__ == "__main__":
    main()
