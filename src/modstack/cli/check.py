"""``modstack check``: the architecture checker over the module tree."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from modstack.check import (
    CheckConfigError,
    Severity,
    as_json,
    as_sarif,
    as_text,
    check_tree,
    find_pyproject,
    load_config,
)

FORMATS = ("text", "json", "sarif")


@click.command("check", short_help="Check the tree against the architecture and import rules.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format; SARIF 2.1.0 for code-scanning tools.",
)
@click.option("--json", "as_json_flag", is_flag=True, help="Same as --format json.")
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding this severe or worse remains.",
)
@click.option(
    "--output",
    "output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the report to this file instead of standard output.",
)
def check(
    fmt: str,
    as_json_flag: bool,
    fail_on: str,
    output: str | None,
    modules: str | None,
    entry_points: bool,
    timeout: float | None,
) -> None:
    """Check the tree against the architecture rules (MOD-001…MOD-019 and import
    boundaries); every finding names the rule, file, line and fix. Exit 1 when one at
    --fail-on or worse is not suppressed, 2 when [tool.modstack.check] is invalid."""
    from modstack.cli import read_tree

    tree = read_tree(modules, entry_points, timeout)  # a child process: hostile trees can't hang it
    try:
        config = load_config(find_pyproject(tree.path, Path.cwd()))
    except CheckConfigError as error:
        click.echo(f"modstack check: {error}", err=True)
        sys.exit(2)
    report = check_tree(tree.path, tree.registry, tree.problems, config=config)
    fmt = "json" if as_json_flag else fmt
    if fmt == "text":
        text = as_text(report)
    else:
        text = json.dumps(as_json(report) if fmt == "json" else as_sarif(report), indent=2)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)
    sys.exit(1 if report.fails(Severity[fail_on.upper()]) else 0)


def _with_tree_options() -> click.Command:
    from modstack.cli import timeout_option, tree_options

    timeout_option(tree_options(check))
    return check
