"""``modstack config``: validate, export, import and list the settings of every module."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from modstack.cli.database import Missing
from modstack.cli.stacks import stack_for
from modstack.cli.tenancy import tree_and_store
from modstack.config import SettingsManager
from modstack.errors import ModstackError


@click.group("config")
def config() -> None:
    """Every module's settings: validate, export, import, show-env."""


@contextmanager
def _manager(
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
    missing: Missing = Missing.EMPTY,
) -> Iterator[SettingsManager]:
    with stack_for(modules, entry_points, database, as_json, missing) as stack:
        try:
            yield stack.settings_manager
        except ModstackError as error:
            raise click.ClickException(str(error)) from None


@config.command("validate", short_help="Check every module's settings.")
@tree_and_store
def validate(modules: str | None, entry_points: bool, database: str | None, as_json: bool) -> None:
    """Check every module's settings without starting the app; exit 1 on problems."""
    with _manager(modules, entry_points, database, as_json) as manager:
        problems = manager.validate_settings()
    if as_json:
        click.echo(json.dumps([{"module": p.module, "field": p.field, "source": p.source,
                                "reason": p.reason} for p in problems], indent=2))  # fmt: skip
    elif problems:
        click.echo(f"{len(problems)} invalid setting{'s' if len(problems) != 1 else ''}:", err=True)
        for problem in problems:
            click.echo(f"  ✗ {problem}", err=True)
    else:
        click.echo("✓ every module's settings are valid")
    if problems:
        raise SystemExit(1)


@config.command("export")
@click.option("--tenant", "-t", help="Include this tenant's overrides.")
@click.option(
    "--format", "fmt", type=click.Choice(["json", "yaml", "env"]), default="json", show_default=True
)
@click.option("--include-secrets", is_flag=True, help="Write secrets in clear (masked otherwise).")
@tree_and_store
def export(
    tenant: str | None,
    fmt: str,
    include_secrets: bool,
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
) -> None:
    """Every module's effective settings and where each value came from."""
    with _manager(modules, entry_points, database, as_json) as manager:
        data = manager.export(tenant=tenant, include_secrets=include_secrets)
    click.echo(render(data, fmt))


def render(data: dict[str, Any], fmt: str) -> str:
    """An export as JSON, YAML or ``KEY=value`` lines."""
    if fmt == "json":
        return json.dumps(data, indent=2)
    if fmt == "yaml":
        import yaml

        return str(yaml.safe_dump(data, sort_keys=False))
    lines = []
    for code, fields in data["modules"].items():
        prefix = code.upper().replace("-", "_")
        for field, entry in fields.items():
            value = entry["value"]
            text = value if isinstance(value, str) else json.dumps(value)
            lines.append(f"{prefix}_{field.upper()}={text}")
    return "\n".join(lines)


@config.command("import", short_help="Apply an export (JSON or YAML), all or nothing.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tenant", "-t", help="Store the values as this tenant's overrides.")
@click.option("--dry-run", is_flag=True, help="Validate and report; change nothing.")
@click.option("--actor", default="cli", show_default=True)
@tree_and_store
def import_command(file: Path, tenant: str | None, dry_run: bool, actor: str, modules: str | None,
                   entry_points: bool, database: str | None, as_json: bool) -> None:  # fmt: skip
    """Apply an export (JSON or YAML): validated first, applied all or nothing."""
    text = file.read_text(encoding="utf-8")
    if file.suffix in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text)
    else:
        data = json.loads(text)
    missing = Missing.EMPTY if dry_run else Missing.CREATE
    with _manager(modules, entry_points, database, as_json, missing) as manager:
        changes = manager.import_settings(data, actor=actor, dry_run=dry_run, tenant=tenant)
    report = [{"module": c.module, "field": c.field, "old": c.old, "new": c.new,
               "requires_restart": c.requires_restart} for c in changes]  # fmt: skip
    if as_json:
        click.echo(json.dumps({"dry_run": dry_run, "changes": report}, indent=2))
        return
    verb = "would change" if dry_run else "changed"
    click.echo(f"{verb} {len(report)} setting{'s' if len(report) != 1 else ''}")
    for c in report:
        restart = " (takes effect after a restart)" if c["requires_restart"] else ""
        click.echo(f"  {c['module']}.{c['field']}: {c['old']!r} -> {c['new']!r}{restart}")


@config.command("show-env")
@tree_and_store
def show_env(modules: str | None, entry_points: bool, database: str | None, as_json: bool) -> None:
    """Every environment variable the modules read, marking the ones set."""
    with _manager(modules, entry_points, database, as_json) as manager:
        variables = manager.env_variables()
    if as_json:
        click.echo(json.dumps([{"name": n, "set": s} for n, s in variables], indent=2))
        return
    for name, is_set in variables:
        click.echo(f"{'●' if is_set else '○'} {name}")
