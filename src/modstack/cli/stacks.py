"""The stack a command works with: built by ``build_stack``, like the app's, so a
command sees the modules with the settings the app gives them (``MODULE_<CODE>_*``,
``.env``, stored values) and the same database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import click

from modstack.cli.database import Missing, database_for
from modstack.cli.tree import load_tree
from modstack.config import ModuleConfigs
from modstack.errors import ModstackError, ModuleNotFound
from modstack.settings import InvalidSettingsError, load_settings
from modstack.stack import Stack, build_stack

PROJECT_MODULE_CONFIGS: ContextVar[ModuleConfigs | None] = ContextVar(
    "PROJECT_MODULE_CONFIGS", default=None
)
"""The module settings a project gives in code (Django's ``settings.MODULE_CONFIGS``),
set while its ``manage.py`` command runs a ``modstack`` command in process."""


@contextmanager
def stack_for(
    modules: str | None,
    entry_points: bool,
    database: str | None,
    as_json: bool,
    missing: Missing = Missing.EMPTY,
) -> Iterator[Stack]:
    """The app's stack over the module tree and database a command names (closed when
    the block ends). Every modstack error becomes a one-line message naming the
    database, and exit code 1."""
    from modstack.cli import registry_or_exit

    tree = load_tree(modules, entry_points=entry_points)
    registry = registry_or_exit(tree, as_json)
    chosen = database_for(database, missing)
    try:
        settings = load_settings({"modules": str(tree.path), "database_url": chosen.url})
    except InvalidSettingsError as error:
        raise click.ClickException(str(error)) from None
    try:
        stack = build_stack(
            settings, registry=registry, module_configs=PROJECT_MODULE_CONFIGS.get()
        )
    except ModstackError as error:
        raise click.ClickException(f"{error}\n  database: {chosen.shown}") from None
    try:
        yield stack
    except (ModstackError, ModuleNotFound) as error:
        raise click.ClickException(f"{error}\n  database: {chosen.shown}") from None
    finally:
        stack.close()
