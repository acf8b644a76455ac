"""``python -m app`` (from examples/marketplace): the demo. Creates or upgrades the
database in ./data, seeds it on the first run, prints the URLs, the admin token and the
vendors' sign-in credentials, and serves on http://127.0.0.1:8000 (``MARKETPLACE_PORT`` /
``MARKETPLACE_DATA`` change where). A second run keeps the data (and the credentials:
they are kept in the data folder, readable by you only)."""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

import uvicorn

from app.main import MODULES, TENANT_PREFIX, build
from app.seed import TENANTS, prepare, vendor_email
from modstack.settings import ModstackSettings


def main() -> int:
    data = Path(os.environ.get("MARKETPLACE_DATA", "data")).resolve()
    data.mkdir(parents=True, exist_ok=True)
    host = os.environ.get("MARKETPLACE_HOST", "127.0.0.1")
    port = int(os.environ.get("MARKETPLACE_PORT", "8000"))
    url = os.environ.get("MODSTACK_DATABASE_URL") or f"sqlite:///{data / 'marketplace.db'}"
    token = _kept(data / "admin-token", "MODSTACK_ADMIN_TOKEN")
    secret = _kept(data / "secret-key", "MODSTACK_SECRET_KEY")
    os.environ.update(
        MODSTACK_DATABASE_URL=url, MODSTACK_ADMIN_TOKEN=token, MODSTACK_SECRET_KEY=secret
    )
    os.environ.setdefault("MODSTACK_ENVIRONMENT", "development")
    passwords = _vendor_passwords(data / "vendor-passwords.json")

    prepared = prepare(url, passwords)

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
    print(f"  vendor sign-in {base}{TENANT_PREFIX}/<tenant>/vendor/signin   (kept in {data})")
    for tenant in prepared.tenants:
        if tenant in passwords:
            print(f"    {tenant:<12} {vendor_email(tenant)}   password {passwords[tenant]}")
    print(f"  admin sign-in  {base}/admin/signin")
    print(f"  admin token    {token}   (Authorization: Bearer ...; kept in {data / 'admin-token'})")
    sys.stdout.flush()
    uvicorn.run(build(ModstackSettings()), host=host, port=port, log_level="warning")
    return 0


def _kept(file: Path, variable: str) -> str:
    """A secret: from the environment ``variable``, else the one kept in ``file`` (made
    on the first run, readable by the owner only)."""
    given = os.environ.get(variable)
    if given:
        return given
    if not file.is_file():
        file.write_text(secrets.token_urlsafe(24) + "\n")
        file.chmod(0o600)
    return file.read_text().strip()


def _vendor_passwords(file: Path) -> dict[str, str]:
    """The demo vendors' passwords: random on the first run, then kept in ``file``."""
    if not file.is_file():
        made = {tenant: secrets.token_urlsafe(12) for tenant in TENANTS}
        file.write_text(json.dumps(made, indent=2) + "\n")
        file.chmod(0o600)
    kept: dict[str, str] = json.loads(file.read_text())
    return kept


if __name__ == "__main__":
    raise SystemExit(main())
