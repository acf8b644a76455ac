"""The hot path: ``TenancyService.is_enabled`` vs. the floor of a frozenset membership
test, and vs. the seed's naive approach (one SQL query per check), in one run.

    python benchmarks/bench_is_enabled.py [--calls 1000000]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import sqlalchemy as sa

import modstack
from modstack import tenancy
from modstack.db.tables import tenant_modules
from timing import per_call

MARKETPLACE = Path(__file__).parents[1] / "examples/marketplace/app/modules"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1_000_000)
    args = parser.parse_args()
    registry = modstack.resolve(modstack.discover(MARKETPLACE))
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        service = tenancy.connect(registry, database=url, redis_url="", staleness=3600)
        service.create_tenant("acme", modules=["checkout", "billing"])
        enabled = service.enabled_modules("acme")
        is_enabled = service.is_enabled
        engine = service.store.engine

        def naive(tenant: str, code: str) -> bool:
            """The seed's module_service.is_module_enabled: a query per check."""
            query = sa.select(tenant_modules.c.code).where(
                (tenant_modules.c.tenant == tenant) & (tenant_modules.c.code == code)
            )
            with engine.connect() as connection:
                return connection.execute(query).first() is not None

        namespace = {"enabled": enabled, "is_enabled": is_enabled, "naive": naive}
        floor = per_call("'billing' in enabled", namespace, args.calls, unit=1e9)
        ours = per_call("is_enabled('acme', 'billing')", namespace, args.calls, unit=1e9)
        ours_miss = per_call("is_enabled('acme', 'analytics')", namespace, args.calls, unit=1e9)
        seed = per_call(
            "naive('acme', 'billing')", namespace, max(args.calls // 1000, 200), unit=1e9
        )
        service.close()
        service.store.dispose()
    print("is_enabled per call, best of 5 (ns)")
    rows = [
        ("floor: 'billing' in frozenset", floor, ""),
        ("service.is_enabled (enabled)", ours, f"{ours / floor:5.2f}x floor (target <= 3x)"),
        ("service.is_enabled (disabled)", ours_miss, f"{ours_miss / floor:5.2f}x floor"),
        ("naive: one SQL query per check", seed, f"{seed / ours:7.0f}x service.is_enabled"),
    ]
    for name, cost, ratio in rows:
        print(f"  {name:<36}{cost:10.1f}   {ratio}")


if __name__ == "__main__":
    main()
