"""``modstack services``: list and check every module's services; reload one in the
running app."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import click

from modstack.cli.reload import admin_post
from modstack.cli.render import aligned
from modstack.cli.stacks import stack_for


@click.group("services")
def services() -> None:
    """The services modules own."""


def _booted(
    modules: str | None, entry_points: bool, database: str | None, as_json: bool
) -> dict[str, Any]:
    """Start the modules as the app does (same settings, same database) and read their
    services."""

    async def run() -> dict[str, Any]:
        async with stack.running(background=False):
            found = stack.services
            return {"info": found.info(), "health": found.health()}

    with stack_for(modules, entry_points, database, as_json) as stack:
        return asyncio.run(run())


DATABASE = click.option(
    "--database",
    metavar="URL",
    help="The app's database, for stored settings (default: $MODSTACK_DATABASE_URL).",
)


@services.command("list")
@click.option("--modules", metavar="PATH", help="Modules folder.")
@click.option("--entry-points/--no-entry-points", default=True)
@DATABASE
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def list_services(
    modules: str | None, entry_points: bool, database: str | None, as_json: bool
) -> None:
    """Every service with its version and owning module."""
    info = _booted(modules, entry_points, database, as_json)["info"]
    if as_json:
        click.echo(json.dumps(info, indent=2))
        return
    if not info:
        click.echo("no services")
        return
    rows = [(name, str(data["version"]), str(data["module"])) for name, data in info.items()]
    for line in aligned(("service", "version", "module"), rows):
        click.echo(line)


@services.command("check", short_help="Run every service's health check.")
@click.option("--modules", metavar="PATH", help="Modules folder.")
@click.option("--entry-points/--no-entry-points", default=True)
@DATABASE
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def check(modules: str | None, entry_points: bool, database: str | None, as_json: bool) -> None:
    """Start every service and run its health check; exit 1 when one is unhealthy."""
    health = _booted(modules, entry_points, database, as_json)["health"]
    if as_json:
        click.echo(json.dumps(health, indent=2))
    else:
        for name, data in health["services"].items():
            click.echo(f"{'✓' if data['status'] == 'healthy' else '✗'} {name}: {data['status']}")
    if health["status"] == "unhealthy":
        raise SystemExit(1)


@services.command("reload", short_help="Reload a service in the running app.")
@click.argument("name")
@click.option("--url", default=None, help="The running app (default: $MODSTACK_URL).")
@click.option("--token", default=None, help="The admin token (default: $MODSTACK_ADMIN_TOKEN).")
def reload(name: str, url: str | None, token: str | None) -> None:
    """Reload service NAME in the running app: the new instance starts before the old
    one is cleaned up."""
    body = admin_post(f"services/{name}/reload", url=url, token=token)
    if not body.get("ok"):
        raise click.ClickException(str(body.get("detail") or body))
    click.echo(f"reloaded service {name} (version {body['version']})")
