"""``python -m credit`` (``make demo-credit``): migrate and seed the demo database, print
the URLs to try, and serve the app under gunicorn (two workers). ``CREDIT_PORT`` picks
the port (default 8001); ``MODSTACK_*`` the rest (SQLite in ``data/`` by default). The
admin token is made on the first run and kept in ``data/admin-token``; unless
``CREDIT_SMTP_HOST`` names a mail server, a local one (aiosmtpd) prints the e-mails the
notification module sends."""

from __future__ import annotations

import importlib.util
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

from credit.seed import prepare

HERE = Path(__file__).parents[1]


def main() -> None:
    """Prepare the database, then replace this process with gunicorn."""
    (HERE / "data").mkdir(exist_ok=True)
    url = os.environ.setdefault("MODSTACK_DATABASE_URL", f"sqlite:///{HERE / 'data/credit.db'}")
    os.environ["MODSTACK_ADMIN_TOKEN"] = _kept_token(HERE / "data/admin-token")
    port = os.environ.get("CREDIT_PORT", "8001")
    prepare(url)
    catcher, mail = _mail_catcher()
    base = f"http://127.0.0.1:{port}"
    print(f"credit app on {base} (database {url})")
    print(f"  curl -H 'X-Tenant: northbank' {base}/api/users")
    print(f"  curl -H 'X-Tenant: lakeside' {base}/api/notifications      # 403: not enabled")
    print(f"  curl {base}/health")
    print(f"  curl -H 'Authorization: Bearer {os.environ['MODSTACK_ADMIN_TOKEN']}' "
          f"{base}/modules/status")  # fmt: skip
    print(f"  pages: {base}/users, {base}/wallets (send X-Tenant, e.g. with a header extension)")
    if mail:
        print(f"  e-mails: printed below by a local SMTP server on {mail}")
    sys.stdout.flush()
    gunicorn = [sys.executable, "-m", "gunicorn", "credit.app:app", "--bind",
                f"127.0.0.1:{port}", "--workers", "2", "--chdir", str(HERE)]  # fmt: skip
    if catcher is None:
        os.execv(sys.executable, gunicorn)
    signal.signal(signal.SIGTERM, _exit)  # a TERM to the demo ends the mail server too
    server = subprocess.Popen(gunicorn)
    try:
        server.wait()
    except KeyboardInterrupt:  # Ctrl-C reached gunicorn as well: let it finish
        server.wait()
    finally:
        server.terminate()
        catcher.terminate()
        server.wait()
        catcher.wait()


def _kept_token(file: Path) -> str:
    """``MODSTACK_ADMIN_TOKEN``, else the token kept in ``file`` (made on the first run,
    readable by the owner only)."""
    given = os.environ.get("MODSTACK_ADMIN_TOKEN")
    if given:
        return given
    if not file.is_file():
        file.write_text(secrets.token_urlsafe(32) + "\n")
        file.chmod(0o600)
    return file.read_text().strip()


def _mail_catcher() -> tuple[subprocess.Popen[bytes] | None, str]:
    """Start a local SMTP server that prints each e-mail (aiosmtpd's ``Debugging``
    handler) and point the notification module at it: the process and its address.
    No process when ``CREDIT_SMTP_HOST`` names a server already or aiosmtpd is not
    installed."""
    if "CREDIT_SMTP_HOST" in os.environ or importlib.util.find_spec("aiosmtpd") is None:
        return None, ""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"127.0.0.1:{port}"
    catcher = subprocess.Popen([sys.executable, "-u", "-m", "aiosmtpd", "-n", "-l", address])
    os.environ["CREDIT_SMTP_HOST"] = "127.0.0.1"
    os.environ["CREDIT_SMTP_PORT"] = str(port)
    return catcher, address


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    main()
