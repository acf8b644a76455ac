"""``modstack worker``: a Celery worker that runs every module's tasks."""

from __future__ import annotations

import click

from modstack.cli.tree import load_tree
from modstack.settings import InvalidSettingsError, load_settings
from modstack.stack import build_stack
from modstack.tasks import CeleryRunner


@click.command("worker", short_help="Run a Celery worker for every module's tasks.")
@click.option("--concurrency", default=2, show_default=True, help="Worker threads.")
@click.option("--loglevel", default="INFO", show_default=True)
def worker(concurrency: int, loglevel: str) -> None:
    """Run a Celery worker for every module's tasks (needs MODSTACK_TASKS_BROKER_URL;
    the modules and database come from MODSTACK_MODULES and MODSTACK_DATABASE_URL)."""
    from modstack.cli import registry_or_exit

    try:
        settings = load_settings()
    except InvalidSettingsError as error:
        raise click.ClickException(str(error)) from None
    if not settings.tasks_broker_url:
        raise click.ClickException("set MODSTACK_TASKS_BROKER_URL (e.g. redis://127.0.0.1:6379/0)")
    registry = registry_or_exit(load_tree(settings.modules, entry_points=True), False)
    stack = build_stack(settings, registry=registry)
    stack.run_in_thread()  # the modules run, with the app's settings, while tasks do
    runner = stack.tasks.runner
    assert isinstance(runner, CeleryRunner)
    names = sorted(stack.tasks.specs)
    click.echo(f"modstack worker: {len(names)} tasks: {', '.join(names) or 'none'}")
    runner.app.worker_main(
        ["worker", f"--loglevel={loglevel}", "--pool=threads", f"--concurrency={concurrency}",
         "--without-gossip", "--without-mingle", "--without-heartbeat"]
    )  # fmt: skip
