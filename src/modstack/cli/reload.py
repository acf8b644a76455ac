"""``modstack reload CODE``: ask a running app to reload a module."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

import click


@click.command("reload")
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
    """Reload module CODE (and its active dependents) in the running app. If the new
    code fails, the old code keeps serving and this exits 1 with the error."""
    request = urllib.request.Request(
        f"{url.rstrip('/')}/api/v1/admin/modstack/modules/{code}/reload", method="POST"
    )
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            body = json.loads(response.read())
    except urllib.error.HTTPError as error:
        body = _body(error)
    except urllib.error.URLError as error:
        raise click.ClickException(f"no app answers at {url}: {error.reason}") from None
    if as_json:
        click.echo(json.dumps(body, indent=2))
    elif body.get("ok"):
        click.echo(f"reloaded {', '.join(body['reloaded'])}")
        for note in body.get("notes", []):
            click.echo(f"note: {note}")
    if not body.get("ok"):
        raise click.ClickException(body.get("error") or body.get("detail") or json.dumps(body))


def _body(error: urllib.error.HTTPError) -> dict[str, object]:
    try:
        data = json.loads(error.read())
    except ValueError:
        return {"ok": False, "error": f"HTTP {error.code} {error.reason}"}
    return data if isinstance(data, dict) else {"ok": False, "error": str(data)}
