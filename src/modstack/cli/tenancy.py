"""``modstack enable|disable|tenants|status|audit``: per-tenant enablement from the shell."""

from __future__ import annotations

import getpass
import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from modstack.cli.database import Missing, choose_database
from modstack.cli.render import aligned
from modstack.cli.stacks import stack_for
from modstack.tenancy import Actor, AuditRecord, Plan, TenancyService

F = TypeVar("F", bound=Callable[..., Any])


def store_options(command: F) -> F:
    """``--database`` and ``--json``, shared by every tenancy command."""
    command = click.option(
        "--database",
        metavar="URL",
        help="SQLAlchemy URL (default: $MODSTACK_DATABASE_URL, then sqlite:///modstack.db in "
        "the current folder). Only commands that create state create a SQLite file.",
    )(command)
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(command)


@contextmanager
def tenancy_service(
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
    missing: Missing = Missing.REFUSE,
) -> Iterator[TenancyService]:
    """The module tree and the tenancy store a command works on (from the app's stack:
    ``build_stack``). A SQLite file that does not exist is created only when ``missing``
    says so; every modstack error becomes a one-line message naming the database, and
    exit code 1."""
    with stack_for(modules, entry_points, database, as_json, missing) as stack:
        yield stack.tenancy


def _actor(name: str | None) -> Actor:
    # The command line talks to the database directly: its user is an administrator.
    return Actor.admin(name or f"cli:{getpass.getuser()}")


def change_command(action: str) -> click.Command:
    """Build ``modstack enable`` or ``modstack disable``."""
    from modstack.cli import tree_options

    @click.command(action, help=f"{action.title()} a module for a tenant, showing the plan first.")
    @click.argument("code")
    @click.option("--tenant", "-t", required=True, help="The tenant to change.")
    @click.option("--dry-run", is_flag=True, help="Show the plan; change nothing.")
    @click.option("--reason", default="", help="Why; kept in the audit log.")
    @click.option("--actor", help="Who, for the audit log (default: cli:<user>).")
    @click.option(
        "--yes", "--cascade", "yes", is_flag=True, help="Apply a cascading plan without asking."
    )
    @tree_options
    @store_options
    def command(
        code: str,
        tenant: str,
        dry_run: bool,
        reason: str,
        actor: str | None,
        yes: bool,
        modules: str | None,
        entry_points: bool,
        database: str | None,
        as_json: bool,
    ) -> None:
        with tenancy_service(modules, entry_points, database, as_json) as service:
            make = service.plan_enable if action == "enable" else service.plan_disable
            plan = make(tenant, code, actor=_actor(actor))
            if dry_run or plan.is_empty:
                _show(plan, applied=False, as_json=as_json)
                return
            if plan.is_cascade and not yes:
                _confirm(plan, as_json)
            applied = service.apply(plan, actor=_actor(actor), reason=reason)
            _show(applied, applied=True, as_json=as_json)

    return command


def _confirm(plan: Plan, as_json: bool) -> None:
    count = len(plan.changes)
    if not sys.stdin.isatty():
        if not as_json:
            click.echo(plan.describe())
        raise click.ClickException(
            f"this plan changes {count} modules, not just {plan.code!r}; "
            "review it and pass --yes (or --cascade) to apply it"
        )
    click.echo(plan.describe())
    click.confirm(f"Apply these {count} changes?", abort=True)


def _show(plan: Plan, *, applied: bool, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(plan.as_data(applied=applied), indent=2))
        return
    click.echo(plan.describe())
    if applied:
        click.echo(f"applied (plan {plan.id})")
    elif not plan.is_empty:
        click.echo("dry run: nothing was changed")


def tree_and_store(command: F) -> F:
    """The module tree options, ``--database`` and ``--json``."""
    from modstack.cli import tree_options

    return tree_options(store_options(command))


@click.group("tenants", invoke_without_command=True)
@tree_and_store
@click.pass_context
def tenants(
    context: click.Context,
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
) -> None:
    """List tenants; 'modstack tenants create NAME' creates one."""
    context.obj = {"modules": modules, "entry_points": entry_points, "database": database}
    if context.invoked_subcommand is not None:
        return
    with tenancy_service(modules, entry_points, database, as_json) as service:
        rows = service.tenants()
    if as_json:
        data = [r.as_data() for r in rows]
        click.echo(json.dumps(data, indent=2))
        return
    table = Table(title=f"{len(rows)} tenant{'s' if len(rows) != 1 else ''}")
    for column in ("tenant", "version", "stored modules", "created"):
        table.add_column(column)
    for r in rows:
        table.add_row(r.tenant, str(r.version), str(r.modules), f"{r.created_at:%Y-%m-%d %H:%M}")
    Console(soft_wrap=True).print(table)


@tenants.command("create")
@click.argument("tenant")
@click.option("--module", "-m", "chosen", multiple=True, help="A module to enable (repeatable).")
@tree_and_store
@click.pass_obj
def create_tenant(
    parent: dict[str, Any],
    tenant: str,
    chosen: tuple[str, ...],
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
) -> None:
    """Create a tenant with the core modules and the ones named."""
    modules = modules or parent["modules"]
    database = database or parent["database"]
    entry_points = entry_points and parent["entry_points"]
    with tenancy_service(modules, entry_points, database, as_json, Missing.CREATE) as service:
        plan = service.create_tenant(tenant, modules=list(chosen), actor=_actor(None))
        core = service.registry.in_load_order(service.registry.core_codes)
        where = choose_database(database).shown
    if as_json:
        _show(plan, applied=True, as_json=True)
        return
    click.echo(f"created tenant {tenant!r} in {where}")
    if core:
        click.echo(f"  core modules (always on): {', '.join(core)}")
    for line in plan.describe().splitlines()[1:]:
        click.echo(line)


@click.command("status")
@click.option("--tenant", "-t", required=True, help="The tenant to show.")
@tree_and_store
def status(
    tenant: str, modules: str | None, entry_points: bool, database: str | None, as_json: bool
) -> None:
    """Show every module's state for one tenant."""
    with tenancy_service(modules, entry_points, database, as_json) as service:
        report = service.status(tenant)
    if as_json:
        data = report.as_data()
        click.echo(json.dumps(data, indent=2))
        return
    table = Table(title=f"tenant {tenant} (version {report.version})")
    for column in ("module", "tier", "state"):
        table.add_column(column)
    for m in report.modules:
        state = (
            m.state.value
            if m.effective or not m.state.is_on
            else f"{m.state.value} (missing a requirement)"
        )
        table.add_row(m.code, m.tier, state)
    console = Console(soft_wrap=True)
    console.print(table)
    if report.orphans:
        console.print(f"stored but no longer in the code (rows kept): {', '.join(report.orphans)}")


@click.command("audit")
@click.option("--tenant", "-t", help="Only this tenant.")
@click.option("--limit", default=50, show_default=True, help="How many records, newest first.")
@tree_and_store
def audit(
    tenant: str | None,
    limit: int,
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
) -> None:
    """Show the audit log, newest first."""
    with tenancy_service(modules, entry_points, database, as_json) as service:
        records = service.audit(tenant=tenant, limit=limit)
    if as_json:
        data = [r.as_data() for r in records]
        click.echo(json.dumps(data, indent=2))
        return
    for line in audit_lines(records, shutil.get_terminal_size().columns):
        click.echo(line)


def audit_lines(records: list[AuditRecord], width: int) -> list[str]:
    """The audit log as text that fits ``width`` columns: one line per change (when,
    tenant, module, change, actor), then why and the reason, indented and wrapped."""
    rows = [
        (f"{r.at:%Y-%m-%d %H:%M:%S}", r.tenant, r.code, f"{r.before} -> {r.after}", r.actor)
        for r in records
    ]
    head, *lines = aligned(("when", "tenant", "module", "change", "actor"), rows)
    out = [f"{len(records)} audit record{'s' if len(records) != 1 else ''}, newest first",
           head, "    why; reason"]  # fmt: skip
    for r, line in zip(records, lines, strict=True):
        detail = f"{r.why}; {r.reason}" if r.reason else r.why
        out.append(line)
        out.extend(textwrap.wrap(detail, max(width, 40), initial_indent="    ",
                                 subsequent_indent="    "))  # fmt: skip
    return out


COMMANDS = (change_command("enable"), change_command("disable"), tenants, status, audit)
