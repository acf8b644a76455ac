"""Concurrent ``set_setting`` from two processes ends consistent; the seed's SERVICE_*
settings; ``config.changed`` reaches modules; the ``modstack config`` command."""

from __future__ import annotations

import itertools
import json
import multiprocessing
from pathlib import Path

import pytest
from click.testing import CliRunner

import modstack
from modstack.cli import cli
from modstack.config import ConfigChanged, SettingsManager
from modstack.errors import SettingError
from modstack.events import EventBus
from modstack.services import SERVICE_CONFIGS, BaseService, ServiceRuntime
from modstack.tenancy import TenancyStore, connect
from tests.integration import workers
from tests.unit.config.test_config import TREE

spawn = multiprocessing.get_context("spawn")


def test_concurrent_changes_from_two_processes_serialise(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    store = TenancyStore(url)
    store.migrate()
    start = spawn.Event()
    writers = [
        spawn.Process(target=workers.set_settings, args=(url, offset, 25, start))
        for offset in (1000, 2000)
    ]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(120)
        assert writer.exitcode == 0
    registry = modstack.resolve(modstack.discover(TREE))
    settings = SettingsManager(registry, store, environ={"BILLING_CURRENCY": "EUR"}, env_file=None)
    history = list(reversed(settings.audit(limit=100)))
    assert len(history) == 50  # every change recorded once
    for before, after in itertools.pairwise(history):
        assert after["old"] == before["new"]  # each change saw the one before it: one serial order
    assert settings.get_module_config("marketplace").batch_size == history[-1]["new"]  # type: ignore[union-attr]
    store.dispose()


def test_the_seeds_service_settings_come_from_code_and_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Mailer(BaseService):
        service_name = "mailer"
        timeout = 10.0

    monkeypatch.setitem(SERVICE_CONFIGS, "mailer", {"timeout": 3, "retry_attempts": 5})
    monkeypatch.setenv("SERVICE_MAILER_RETRY_ATTEMPTS", "2")
    mailer = Mailer(runtime=ServiceRuntime())
    assert (mailer.timeout, mailer.retry_attempts) == (3.0, 2)
    monkeypatch.setenv("SERVICE_MAILER_TIMEOUT", "soon")
    with pytest.raises(
        SettingError, match="module 'mailer': setting 'timeout' \\(from SERVICE_MAILER_TIMEOUT\\)"
    ):
        Mailer(runtime=ServiceRuntime())


def test_config_changed_reaches_handlers_for_every_tenant_or_one(tmp_path: Path) -> None:
    registry = modstack.resolve(modstack.discover(TREE))
    tenancy = connect(registry, database=f"sqlite:///{tmp_path / 'm.db'}", redis_url="")
    tenancy.create_tenant("acme", modules=["marketplace"])
    tenancy.create_tenant("globex", modules=[])
    bus = EventBus(registry, enabled_for=tenancy.enabled_modules)
    heard: list[tuple[str | None, str]] = []
    bus.subscribe(
        ConfigChanged,
        lambda change: heard.append((change.tenant, change.field)),
        module="marketplace",
    )
    settings = SettingsManager(
        registry, tenancy.store, environ={"BILLING_CURRENCY": "EUR"}, env_file=None
    )
    settings.listeners.append(
        lambda change: bus.broadcast(change) if change.tenant is None else bus.publish(change)
    )
    settings.set_setting("marketplace", "api_timeout", 10, actor="alice")
    settings.set_setting("marketplace", "batch_size", 9, actor="alice", tenant="acme")
    settings.set_setting(
        "marketplace", "batch_size", 8, actor="alice", tenant="globex"
    )  # module off there
    assert heard == [(None, "api_timeout"), ("acme", "batch_size")]
    tenancy.close()
    tenancy.store.dispose()


def test_the_config_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    common = ["--modules", str(TREE), "--database", f"sqlite:///{tmp_path / 'm.db'}"]
    invalid = runner.invoke(cli, ["config", "validate", *common])
    assert invalid.exit_code == 1
    assert "module 'billing': currency (from default): required" in invalid.stderr
    monkeypatch.setenv("BILLING_CURRENCY", "EUR")
    assert (
        "✓ every module's settings are valid"
        in runner.invoke(cli, ["config", "validate", *common]).stdout
    )
    exported = json.loads(runner.invoke(cli, ["config", "export", *common]).stdout)
    assert exported["modules"]["billing"]["currency"] == {
        "value": "EUR",
        "source": "env:BILLING_CURRENCY",
    }
    assert (
        "BILLING_CURRENCY=EUR"
        in runner.invoke(cli, ["config", "export", "--format", "env", *common]).stdout
    )
    assert (
        "currency:" in runner.invoke(cli, ["config", "export", "--format", "yaml", *common]).stdout
    )
    exported["modules"]["marketplace"]["batch_size"]["value"] = 42
    del exported["modules"]["marketplace"]["api_key"]  # masked: left out
    file = tmp_path / "settings.json"
    file.write_text(json.dumps(exported))
    preview = json.loads(
        runner.invoke(cli, ["config", "import", str(file), "--dry-run", "--json", *common]).stdout
    )
    change = {"module": "marketplace", "field": "batch_size", "old": 100, "new": 42}
    assert preview == {"dry_run": True, "changes": [{**change, "requires_restart": False}]}
    applied = runner.invoke(cli, ["config", "import", str(file), *common])
    assert "changed 1 setting" in applied.stdout
    again = json.loads(runner.invoke(cli, ["config", "export", *common]).stdout)
    assert again["modules"]["marketplace"]["batch_size"] == {"value": 42, "source": "database"}
    shown = runner.invoke(cli, ["config", "show-env", *common]).stdout
    assert "● BILLING_CURRENCY" in shown
    assert "○ MODULE_MARKETPLACE_BATCH_SIZE" in shown
