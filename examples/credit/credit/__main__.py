"""``python -m credit`` (``make demo-credit``): migrate and seed the demo database, print
the URLs to try, and serve the app under gunicorn (two workers). ``CREDIT_PORT`` picks
the port (default 8001); ``MODSTACK_*`` the rest (SQLite in ``data/`` by default)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from credit.seed import prepare

HERE = Path(__file__).parents[1]


def main() -> None:
    """Prepare the database, then replace this process with gunicorn."""
    (HERE / "data").mkdir(exist_ok=True)
    url = os.environ.setdefault("MODSTACK_DATABASE_URL", f"sqlite:///{HERE / 'data/credit.db'}")
    os.environ.setdefault("MODSTACK_ADMIN_TOKEN", "demo-admin-token")
    port = os.environ.get("CREDIT_PORT", "8001")
    prepare(url)
    base = f"http://127.0.0.1:{port}"
    print(f"credit app on {base} (database {url})")
    print(f"  curl -H 'X-Tenant: northbank' {base}/api/users")
    print(f"  curl -H 'X-Tenant: lakeside' {base}/api/notifications      # 403: not enabled")
    print(f"  curl {base}/health")
    print(f"  curl -H 'Authorization: Bearer {os.environ['MODSTACK_ADMIN_TOKEN']}' "
          f"{base}/modules/status")  # fmt: skip
    print(f"  pages: {base}/users, {base}/wallets (send X-Tenant, e.g. with a header extension)")
    sys.stdout.flush()
    gunicorn = [sys.executable, "-m", "gunicorn", "credit.app:app", "--bind",
                f"127.0.0.1:{port}", "--workers", "2", "--chdir", str(HERE)]  # fmt: skip
    os.execv(sys.executable, gunicorn)


if __name__ == "__main__":
    main()
