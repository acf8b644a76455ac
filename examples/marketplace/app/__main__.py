"""``python -m app`` (from examples/marketplace): the demo. Creates or upgrades the
database in ./data, seeds it on the first run, prints the URLs and the admin token, and
serves on http://127.0.0.1:8000 (``MARKETPLACE_PORT`` / ``MARKETPLACE_DATA`` change
where). A second run keeps the data."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import uvicorn

import modstack
from app import db
from app.main import MODULES, TENANT_PREFIX, build
from app.seed import seed
from modstack.migrations import Migrations
from modstack.settings import ModstackSettings
from modstack.tenancy import connect


def main() -> int:
    data = Path(os.environ.get("MARKETPLACE_DATA", "data")).resolve()
    data.mkdir(parents=True, exist_ok=True)
    host = os.environ.get("MARKETPLACE_HOST", "127.0.0.1")
    port = int(os.environ.get("MARKETPLACE_PORT", "8000"))
    url = os.environ.get("MODSTACK_DATABASE_URL") or f"sqlite:///{data / 'marketplace.db'}"
    token = _admin_token(data)
    os.environ.update(MODSTACK_DATABASE_URL=url, MODSTACK_ADMIN_TOKEN=token)
    os.environ.setdefault("MODSTACK_ENVIRONMENT", "development")

    registry = modstack.resolve(modstack.discover(MODULES))
    migrations = Migrations(registry, url)
    upgraded = migrations.upgrade()
    migrations.dispose()
    tenancy = connect(registry, database=url, redis_url="", notifier="in-process")
    db.use(tenancy.store.engine)
    created = seed(tenancy)
    tenants = [info.tenant for info in tenancy.store.tenants()]
    tenancy.close()
    tenancy.store.dispose()

    base = f"http://{host}:{port}"
    print(f"modstack marketplace: {len(registry)} modules, database {url}")
    print(f"  migrations applied for: {', '.join(upgraded) or 'nothing (up to date)'}")
    print(f"  {'seeded' if created else 'kept'} tenants: {', '.join(tenants)}")
    print(f"  home           {base}/")
    for tenant in tenants:
        print(
            f"  {tenant:<14} {base}{TENANT_PREFIX}/{tenant}/storefront/catalog   "
            f"{base}{TENANT_PREFIX}/{tenant}/vendor/dashboard"
        )
    print(f"  API docs       {base}/docs")
    print(f"  admin token    {token}   (Authorization: Bearer ...; kept in {data / 'admin-token'})")
    sys.stdout.flush()
    uvicorn.run(build(ModstackSettings()), host=host, port=port, log_level="warning")
    return 0


def _admin_token(data: Path) -> str:
    """The admin token: from MODSTACK_ADMIN_TOKEN, else the one kept in the data folder
    (made on the first run)."""
    given = os.environ.get("MODSTACK_ADMIN_TOKEN")
    if given:
        return given
    kept = data / "admin-token"
    if not kept.is_file():
        kept.write_text(secrets.token_urlsafe(24) + "\n")
        kept.chmod(0o600)
    return kept.read_text().strip()


if __name__ == "__main__":
    raise SystemExit(main())
