"""``modstack reload CODE``: ask a running app to reload a module."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import Any

import click

from modstack.web.conventions import ApiConventions


def admin_post(path: str, *, url: str | None = None, token: str | None = None) -> dict[str, Any]:
    """POST to the running app's admin API; the JSON answer, errors included.
    Raises ClickException when no app answers."""
    base = url or os.environ.get("MODSTACK_URL", "http://127.0.0.1:8000")
    admin_api = ApiConventions(os.environ.get("MODSTACK_API_PREFIX", "/api/v1")).admin_api
    request = urllib.request.Request(f"{base.rstrip('/')}{admin_api}/{path}", method="POST")
    secret = token or os.environ.get("MODSTACK_ADMIN_TOKEN")
    if secret:
        request.add_header("Authorization", f"Bearer {secret}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            data: dict[str, Any] = json.loads(response.read())
            return data
    except urllib.error.HTTPError as error:
        return _body(error)
    except urllib.error.URLError as error:
        raise click.ClickException(
            f"no app answers at {base}: {error.reason}; give the app's address with --url "
            "(or MODSTACK_URL), e.g. --url http://127.0.0.1:5000 for `flask run`, "
            "http://127.0.0.1:8000 for `manage.py runserver` or uvicorn"
        ) from None


@click.command("reload", short_help="Reload a module in the running app.")
@click.argument("code")
@click.option(
    "--url",
    default=lambda: os.environ.get("MODSTACK_URL", "http://127.0.0.1:8000"),
    show_default="$MODSTACK_URL or http://127.0.0.1:8000",
    help="The running app.",
)
@click.option(
    "--token",
    default=lambda: os.environ.get("MODSTACK_ADMIN_TOKEN"),
    help="The admin token (default: $MODSTACK_ADMIN_TOKEN).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def reload_command(code: str, url: str, token: str | None, as_json: bool) -> None:
    """Reload module CODE (and its active dependents) in every worker of the running
    app, and print each worker's outcome. A worker where the new code fails keeps the
    old code; then this exits 1 with the error."""
    body = admin_post(f"modules/{code}/reload", url=url, token=token)
    if as_json:
        click.echo(json.dumps(body, indent=2))
    elif body.get("ok"):
        click.echo(f"reloaded {', '.join(body['reloaded'])}")
        for note in body.get("notes", []):
            click.echo(f"note: {note}")
    if not as_json:
        for worker in body.get("workers", []):
            outcome = "✓ new code" if worker["ok"] else f"✗ kept the old code: {worker['error']}"
            click.echo(f"  worker {worker['worker']}: {outcome}")
    if not body.get("ok"):
        if body.get("code") == "unauthorized":
            raise click.ClickException(
                "the app refused the admin token"
                + ("" if token else ": none was given; pass --token or set MODSTACK_ADMIN_TOKEN")
            )
        raise click.ClickException(body.get("error") or body.get("detail") or json.dumps(body))


def _body(error: urllib.error.HTTPError) -> dict[str, Any]:
    try:
        data = json.loads(error.read())
    except ValueError:
        return {"ok": False, "error": f"HTTP {error.code} {error.reason}"}
    return data if isinstance(data, dict) else {"ok": False, "error": str(data)}
