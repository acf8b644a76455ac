"""The ``modstack`` command line: inspect and validate a module tree."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table

from modstack.cli import render
from modstack.cli.tree import LoadedTree, load_tree, load_tree_isolated
from modstack.errors import ModuleNotFound
from modstack.registry import Registry

F = TypeVar("F", bound=Callable[..., Any])

GRAPH_FORMATS: dict[str, Callable[[Registry], str]] = {
    "text": render.graph_text,
    "dot": render.graph_dot,
    "mermaid": render.graph_mermaid,
    "json": render.graph_json,
}


def tree_options(command: F) -> F:
    """The options every command that reads a module tree takes."""
    command = click.option(
        "--modules",
        "modules",
        metavar="PATH",
        help="Modules folder (default: $MODSTACK_MODULES, then [tool.modstack] modules "
        "in pyproject.toml, then app/modules).",
    )(command)
    return click.option(
        "--entry-points/--no-entry-points",
        default=True,
        show_default=True,
        help="Also load modules from installed distributions (group modstack.modules).",
    )(command)


def timeout_option(command: F) -> F:
    """``--timeout``: how long the tree's definitions may take to import."""
    return click.option(
        "--timeout",
        type=click.FloatRange(min=0, min_open=True),
        metavar="SECONDS",
        help="Time limit for importing the definitions, which run in a child process "
        "(default: $MODSTACK_IMPORT_TIMEOUT, then 30).",
    )(command)


def read_tree(modules: str | None, entry_points: bool, timeout: float | None) -> LoadedTree:
    """Load a tree only to read it: its definitions run in a child process."""
    try:
        return load_tree_isolated(modules, entry_points=entry_points, timeout=timeout)
    except ValueError as error:
        raise click.UsageError(str(error)) from None


def json_option(command: F) -> F:
    """``--json``: print data instead of a table."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(command)


def _out() -> Console:
    return Console(soft_wrap=True, highlight=False)


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2))


def registry_or_exit(tree: LoadedTree, as_json: bool) -> Registry:
    if tree.registry is not None:
        return tree.registry
    if as_json:
        _emit_json({"valid": False, "modules": str(tree.path),
                    "problems": [render.problem_data(p) for p in tree.problems]})  # fmt: skip
    else:
        _print_problems(tree)
    sys.exit(1)


def _print_problems(tree: LoadedTree) -> None:
    err = Console(stderr=True, soft_wrap=True, highlight=False)
    count = len(tree.problems)
    err.print(
        f"[bold red]{count} problem{'s' if count != 1 else ''}[/] in the module tree "
        f"at {tree.path} (from {tree.origin}):",
        markup=True,
    )
    for problem in tree.problems:
        err.print(f"  [red]✗[/] [dim]{type(problem).__name__}:[/] ", markup=True, end="")
        err.print(str(problem), markup=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="modstack")
@click.option(
    "--package",
    "packages",
    multiple=True,
    metavar="NAME",
    help="Also scan this package for class-style modules, as the Flask seed scans "
    "core.modules (default: $MODSTACK_PACKAGE, then [tool.modstack] package).",
)
def cli(packages: tuple[str, ...]) -> None:
    """modstack: discover, order and validate the modules of a modular monolith."""
    if packages:
        os.environ["MODSTACK_PACKAGE"] = ",".join(packages)


@cli.command("list")
@tree_options
@timeout_option
@json_option
def list_modules(
    modules: str | None, entry_points: bool, timeout: float | None, as_json: bool
) -> None:
    """List every module in load order."""
    registry = registry_or_exit(read_tree(modules, entry_points, timeout), as_json)
    if as_json:
        _emit_json([render.module_summary(d) for d in registry])
        return
    table = Table(title=f"{len(registry)} modules, in load order")
    for column in ("#", "code", "name", "version", "tier", "requires"):
        table.add_column(column)
    for position, d in enumerate(registry, start=1):
        needs = ", ".join([str(r) for r in d.requires] + [f"({r})" for r in d.optional_requires])
        table.add_row(str(position), d.code, d.name, d.version, d.tier.value, needs or "—")
    _out().print(table)


@cli.command("show")
@click.argument("code")
@tree_options
@json_option
def show(code: str, modules: str | None, entry_points: bool, as_json: bool) -> None:
    """Show everything known about one module."""
    registry = registry_or_exit(load_tree(modules, entry_points=entry_points), as_json)
    try:
        detail = render.module_detail(registry, code)
    except ModuleNotFound as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _emit_json(detail)
        return
    table = Table(title=f"{detail['name']} ({code} {detail['version']})", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in detail.items():
        if key in ("name", "paths"):
            continue
        table.add_row(key, _cell(value))
    _out().print(table)


def _cell(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) or "—"
    if isinstance(value, dict):
        return "\n".join(f"{k}: {_cell(v)}" for k, v in value.items()) or "—"
    return "—" if value in (None, "") else str(value)


@cli.command("graph", short_help="Print the dependency graph.")
@click.option(
    "--format", "fmt", type=click.Choice(sorted(GRAPH_FORMATS)), default="text", show_default=True
)
@tree_options
@json_option
def graph(fmt: str, modules: str | None, entry_points: bool, as_json: bool) -> None:
    """Print the dependency graph; an arrow points from a module to what it requires."""
    registry = registry_or_exit(load_tree(modules, entry_points=entry_points), as_json)
    click.echo(GRAPH_FORMATS["json" if as_json else fmt](registry))


@cli.command("validate", short_help="Check the tree against every rule.")
@tree_options
@timeout_option
@json_option
def validate(modules: str | None, entry_points: bool, timeout: float | None, as_json: bool) -> None:
    """Check that the tree loads and its dependency graph holds (discovery, fields,
    cycles, tiers, versions); exit code 1 lists each problem. `modstack check` checks
    the architecture rules."""
    tree = read_tree(modules, entry_points, timeout)
    registry = registry_or_exit(tree, as_json)
    if as_json:
        _emit_json({"valid": True, "modules": str(tree.path), "count": len(registry)})
    else:
        click.echo(f"✓ {len(registry)} modules at {tree.where}: no problems")


def _add_tenancy_commands() -> None:
    from modstack.cli.check import _with_tree_options
    from modstack.cli.config import config
    from modstack.cli.db import db
    from modstack.cli.events import events
    from modstack.cli.new import new
    from modstack.cli.reload import reload_command
    from modstack.cli.services import services
    from modstack.cli.tenancy import COMMANDS
    from modstack.cli.worker import worker

    for command in (*COMMANDS, reload_command, config, db, events, new, services, worker):
        cli.add_command(command)
    cli.add_command(_with_tree_options())


_add_tenancy_commands()


def main() -> None:
    """Run the ``modstack`` command. Like ``python -m`` (and the flask and uvicorn
    commands), it can import the packages of the folder it runs in: a module's models
    may import the app's own code (``from app.db import Base``)."""
    here = os.getcwd()
    if here not in sys.path:
        sys.path.insert(0, here)
    cli.main(prog_name="modstack")
