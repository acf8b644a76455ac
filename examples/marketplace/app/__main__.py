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

from app.main import MODULES, TENANT_PREFIX, build
from app.seed import prepare
from modstack.settings import ModstackSettings


def main() -> int:
    data = Path(os.environ.get("MARKETPLACE_DATA", "data")).resolve()
    data.mkdir(parents=True, exist_ok=True)
    host = os.environ.get("MARKETPLACE_HOST", "127.0.0.1")
    port = int(os.environ.get("MARKETPLACE_PORT", "8000"))
    url = os.environ.get("MODSTACK_DATABASE_URL") or f"sqlite:///{data / 'marketplace.db'}"
    token = _admin_token(data)
    os.environ.update(MODSTACK_DATABASE_URL=url, MODSTACK_ADMIN_TOKEN=token)
    os.environ.setdefault("MODSTACK_ENVIRONMENT", "development")

    prepared = prepare(url)

    base = f"http://{host}:{port}"
    print(f"modstack marketplace: modules in {MODULES}, database {url}")
    print(f"  schema up to date for: {', '.join(prepared.upgraded) or 'nothing (up to date)'}")
    print(f"  {'seeded' if prepared.seeded else 'kept'} tenants: {', '.join(prepared.tenants)}")
    print(f"  home           {base}/")
    for tenant in prepared.tenants:
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
