"""``flask modstack ...``: the ``modstack`` command line on Flask's ``app.cli``, working on
the app's own configuration (its modules folder, packages and database, whether they come
from ``app.config`` or the environment)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click
from flask import current_app
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from modstack.flask.extension import Modstack


def command_group() -> click.Group:
    """The ``modstack`` group with every command of the ``modstack`` CLI."""
    from modstack.cli import cli

    @click.group("modstack", help="modstack's commands, for this app's configuration.")
    @with_appcontext
    def group() -> None:
        stack: Modstack = current_app.extensions["modstack"]
        chosen = {
            "MODSTACK_MODULES": stack.settings.modules,
            "MODSTACK_DATABASE_URL": stack.settings.database_url,
            "MODSTACK_PACKAGE": ",".join(stack.package_names),
        }
        before = {name: os.environ.get(name) for name in chosen}
        os.environ.update({name: value for name, value in chosen.items() if value})
        click.get_current_context().call_on_close(lambda: _restore(before))

    for name, command in cli.commands.items():
        group.add_command(command, name)
    return group


def _restore(before: dict[str, str | None]) -> None:
    for name, value in before.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
