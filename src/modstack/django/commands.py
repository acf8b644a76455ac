"""The Django seed's management commands as thin calls into the ``modstack`` command
line, on the project's own configuration (its modules folder, packages, database and
admin token): ``python manage.py list_modules``, ``enable_module CODE --tenant T`` ...
Each prints what the ``modstack`` command prints and exits non-zero when it fails."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import click
from django.core.management.base import BaseCommand, CommandError, CommandParser

from modstack.config import ModuleConfigs
from modstack.django.gate import current


@dataclass(frozen=True)
class Option:
    """A command-line option passed through to the ``modstack`` command as written."""

    flags: tuple[str, ...]
    help: str
    flag: bool = False
    """A switch (``--json``) rather than an option with a value."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def dest(self) -> str:
        """The name argparse keeps the value under."""
        return self.flags[-1].lstrip("-").replace("-", "_")


JSON = Option(("--json",), "Print JSON.", flag=True)


class ModstackCommand(BaseCommand):
    """A management command that runs ``modstack <cli...>``."""

    cli: tuple[str, ...] = ()
    """The ``modstack`` command it runs (``("services", "check")``)."""
    positional: tuple[str, ...] = ()
    """Positional arguments, passed in order."""
    options: tuple[Option, ...] = (JSON,)
    needs_tenant = False
    """Adds ``--tenant`` (default: the project's ``default_tenant``)."""

    def add_arguments(self, parser: CommandParser) -> None:
        """The positional arguments and options of the ``modstack`` command."""
        for name in self.positional:
            parser.add_argument(name)
        if self.needs_tenant:
            parser.add_argument(
                "-t", "--tenant", help="The tenant (default: MODSTACK default_tenant)."
            )
        for option in self.options:
            if option.flag:
                parser.add_argument(*option.flags, action="store_true", help=option.help)
            else:
                parser.add_argument(*option.flags, help=option.help, **option.extra)

    def arguments(self, options: dict[str, Any]) -> list[str]:
        """The ``modstack`` command line for ``options``. Raises CommandError."""
        argv = [*self.cli, *(str(options[name]) for name in self.positional)]
        if self.needs_tenant:
            tenant = options.get("tenant") or current().settings.default_tenant
            if not tenant:
                raise CommandError(
                    "name the tenant: --tenant NAME (or set default_tenant in settings.MODSTACK)"
                )
            argv += ["--tenant", tenant]
        for option in self.options:
            value = options.get(option.dest)
            if option.flag and value:
                argv.append(option.flags[-1])
            elif not option.flag and value is not None:
                argv += [option.flags[-1], str(value)]
        return argv

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the ``modstack`` command; CommandError (exit status kept) on failure."""
        run_cli(self.arguments(options), self.stdout._out, self.stderr._out)


def run_cli(argv: Sequence[str], stdout: Any, stderr: Any) -> None:
    """Run ``modstack argv`` for the project's configuration, writing to ``stdout`` and
    ``stderr``. Raises CommandError with the command's exit status when it fails."""
    from modstack.cli import cli

    with _project_environment(), _streams(stdout, stderr):
        try:
            status = cli.main(args=list(argv), prog_name="modstack", standalone_mode=False)
        except click.exceptions.Exit as done:
            status = done.exit_code
        except click.ClickException as error:
            raise CommandError(error.format_message(), returncode=error.exit_code) from error
        except click.exceptions.Abort as error:
            raise CommandError("aborted", returncode=1) from error
    if isinstance(status, int) and status != 0:
        raise CommandError(f"modstack {' '.join(argv)} failed (exit {status})", returncode=status)


@contextlib.contextmanager
def _project_environment() -> Iterator[None]:
    """``MODSTACK_*`` of the project's settings and its ``MODULE_CONFIGS``, for the
    duration of a command (the process's environment is restored after)."""
    from modstack.cli.stacks import PROJECT_MODULE_CONFIGS

    stack = current()
    manager = stack.core.settings_manager
    given = ModuleConfigs(manager.explicit, origin=manager.explicit_origin or "module_configs")
    configs_token = PROJECT_MODULE_CONFIGS.set(given)
    settings = stack.settings
    token = settings.admin_token.get_secret_value() if settings.admin_token else ""
    chosen = {
        "MODSTACK_MODULES": settings.modules,
        "MODSTACK_DATABASE_URL": settings.database_url,
        "MODSTACK_PACKAGE": ",".join(stack.package_names),
        "MODSTACK_ADMIN_TOKEN": token,
    }
    before = {name: os.environ.get(name) for name in chosen}
    os.environ.update({name: value for name, value in chosen.items() if value})
    try:
        yield
    finally:
        PROJECT_MODULE_CONFIGS.reset(configs_token)
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _streams(stdout: Any, stderr: Any) -> Iterator[None]:
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        yield


DRY_RUN = Option(("--dry-run",), "Show the plan; change nothing.", flag=True)
YES = Option(("--yes",), "Apply a cascading plan without asking.", flag=True)
REASON = Option(("--reason",), "Why; kept in the audit log.")
URL = Option(("--url",), "The running project (default: $MODSTACK_URL).")
FORMAT = Option(("--format",), "json, yaml or env.", extra={"choices": ["json", "yaml", "env"]})
SECRETS = Option(("--include-secrets",), "Write secrets in clear.", flag=True)
TENANT_OVERRIDES = Option(("-t", "--tenant"), "This tenant's overrides.")
