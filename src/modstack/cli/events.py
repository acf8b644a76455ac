"""``modstack events``: the durable events in the outbox; re-deliver failed and stuck ones."""

from __future__ import annotations

import asyncio
import json

import click

from modstack.cli.database import Missing
from modstack.cli.render import aligned
from modstack.cli.stacks import stack_for
from modstack.cli.tenancy import tree_and_store
from modstack.events import OutboxReport


@click.group("events")
def events() -> None:
    """Inspect and re-deliver events from the outbox."""


@events.command("list")
@click.option("--status", type=click.Choice(["pending", "delivering", "delivered", "failed"]))
@click.option("--limit", default=50, show_default=True)
@tree_and_store
def list_events(status: str | None, limit: int, modules: str | None, entry_points: bool,
                database: str | None, as_json: bool) -> None:  # fmt: skip
    """List stored events, newest first."""
    with stack_for(modules, entry_points, database, as_json, Missing.REFUSE) as stack:
        entries = stack.outbox.entries(status=status, limit=limit)
    if as_json:
        click.echo(json.dumps([e.as_data() for e in entries], indent=2))
        return
    if not entries:
        click.echo(f"no {status or 'stored'} events")
        return
    rows = [(str(e.id), e.status, e.tenant, e.event_type, str(e.attempts), e.last_error or "")
            for e in entries]  # fmt: skip
    for line in aligned(("id", "status", "tenant", "event", "attempts", "last error"), rows):
        click.echo(line)


@events.command("redeliver", short_help="Re-deliver failed events.")
@click.argument("ids", nargs=-1, type=int)
@tree_and_store
def redeliver(ids: tuple[int, ...], modules: str | None, entry_points: bool, database: str | None,
              as_json: bool) -> None:  # fmt: skip
    """Re-deliver failed events, and events stuck in delivering whose lease expired (their
    process died), to the modules' handlers: IDS, or every such event."""
    with stack_for(modules, entry_points, database, as_json, Missing.REFUSE) as stack:

        async def run() -> OutboxReport:
            async with stack.running(background=False):
                return stack.outbox.redeliver(list(ids) or None)

        report = asyncio.run(run())
    data = {
        "delivered": list(report.delivered),
        "retrying": list(report.retrying),
        "failed": list(report.failed),
    }
    if as_json:
        click.echo(json.dumps(data, indent=2))
    else:
        counts = ", ".join(f"{name} {len(ids_)}" for name, ids_ in data.items())
        click.echo(counts)
    if data["failed"] or data["retrying"]:
        raise SystemExit(1)
