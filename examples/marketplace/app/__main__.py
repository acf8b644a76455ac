"""``python -m app`` (from examples/marketplace): the demo. Checks that its port is
free, creates or upgrades the database in ./data, seeds it on the first run, prints the
URLs of the pages each tenant can use, the admin token and the vendors' sign-in
credentials, and serves on http://127.0.0.1:8000 (``MARKETPLACE_PORT``,
``MARKETPLACE_HOST`` and ``MARKETPLACE_DATA`` change where). A second run keeps the data
(and the credentials: they are kept in the data folder, readable by you only)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import sys
from pathlib import Path

import uvicorn
from cryptography.fernet import Fernet

from app.main import MODULES, TENANT_PREFIX, build
from app.seed import TENANTS, prepare, vendor_email
from modstack.settings import ModstackSettings


def main() -> int:
    data = Path(os.environ.get("MARKETPLACE_DATA", "data")).resolve()
    data.mkdir(parents=True, exist_ok=True)
    host = os.environ.get("MARKETPLACE_HOST", "127.0.0.1")
    asked = os.environ.get("MARKETPLACE_PORT", "8000")
    if not asked.isdigit() or not 0 < int(asked) < 65536:
        print(f"MARKETPLACE_PORT must be a port number (1-65535), not {asked!r}", file=sys.stderr)
        return 1
    port = int(asked)
    if not _port_free(host, port):
        other = _a_free_port(host, port)
        print(
            f"modstack marketplace: port {port} on {host} is in use (is the demo already "
            f"running?).\nChoose another port: MARKETPLACE_PORT={other} make demo",
            file=sys.stderr,
        )
        return 1
    url = os.environ.get("MODSTACK_DATABASE_URL") or f"sqlite:///{data / 'marketplace.db'}"
    token = _kept(data / "admin-token", "MODSTACK_ADMIN_TOKEN", secrets.token_urlsafe(24))
    # A Fernet key: it signs sessions and encrypts secret settings at rest.
    secret = _kept(data / "secret-key", "MODSTACK_SECRET_KEY", Fernet.generate_key().decode())
    os.environ.update(
        MODSTACK_DATABASE_URL=url, MODSTACK_ADMIN_TOKEN=token, MODSTACK_SECRET_KEY=secret
    )
    os.environ.setdefault("MODSTACK_ENVIRONMENT", "development")
    passwords = _vendor_passwords(data / "vendor-passwords.json")

    prepared = prepare(url, passwords)
    app = build(ModstackSettings())

    base = f"http://{host}:{port}"
    print(f"modstack marketplace: modules in {MODULES}, database {url}")
    print(f"  schema up to date for: {', '.join(prepared.upgraded) or 'nothing (up to date)'}")
    print(f"  {'seeded' if prepared.seeded else 'kept'} tenants: {', '.join(prepared.tenants)}")
    print(f"  home           {base}/")
    for tenant in prepared.tenants:
        enabled = app.state.modstack.tenancy.enabled_modules(tenant)
        pages = [f"{base}{TENANT_PREFIX}/{tenant}{path}" for path in _pages(enabled)]
        print(f"  {tenant:<14} {'   '.join(pages)}")
    if prepared.tenants:
        docs = f"{base}{TENANT_PREFIX}/{prepared.tenants[0]}/docs"
        print(f"  API docs       {docs}   (each tenant's: {TENANT_PREFIX}/<tenant>/docs)")
    print(f"  vendor sign-in (e-mail and password, kept in {data})")
    for tenant in prepared.tenants:
        if tenant in passwords:
            signin = f"{base}{TENANT_PREFIX}/{tenant}/vendor/signin"
            print(f"    {tenant:<12} {signin}   {vendor_email(tenant)}   {passwords[tenant]}")
    print(f"  admin sign-in  {base}/admin/signin")
    if prepared.tenants:
        admin = f"{base}{TENANT_PREFIX}/{prepared.tenants[0]}/admin"
        print(f"  admin pages    {admin}/monitoring   {admin}/components")
    print(f"  admin token    {token}   (Authorization: Bearer ...; kept in {data / 'admin-token'})")
    sys.stdout.flush()
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def _pages(enabled: frozenset[str]) -> list[str]:
    """The pages worth opening for a tenant with these modules: its storefront when it
    has a catalogue, its vendor dashboard (core: every tenant has it), its invoices when
    it is billed."""
    pages = ["/storefront/catalog"] if "catalog" in enabled else []
    pages.append("/vendor/dashboard")
    if "billing" in enabled and "catalog" not in enabled:
        pages.append("/vendor/invoices")
    return pages


def _port_free(host: str, port: int) -> bool:
    """Whether the server can listen on ``host:port`` (bound the way uvicorn binds)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def _a_free_port(host: str, taken: int) -> int:
    """A free port near ``taken`` (the next 20), else any free one."""
    for port in range(taken + 1, min(taken + 21, 65536)):
        if _port_free(host, port):
            return port
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
        return port


def _kept(file: Path, variable: str, made: str) -> str:
    """A secret: from the environment ``variable``, else the one kept in ``file`` (``made``
    on the first run, readable by the owner only)."""
    given = os.environ.get(variable)
    if given:
        return given
    if not file.is_file():
        file.write_text(made + "\n")
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
