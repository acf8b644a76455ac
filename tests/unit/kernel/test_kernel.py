"""The kernel over tests/assets/kernel-app: lifecycle, hooks, failure isolation, health."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import modstack
from modstack.errors import IllegalTransitionError, ModuleNotFound
from modstack.kernel import Kernel, Lifecycle, ModuleRuntime, check_transition, env_prefix
from modstack.registry import Registry
from modstack.tenancy import Change, ModuleState, Plan
from tests.conftest import journal_of

D, E, X = ModuleState.DEPENDENCY, ModuleState.ENABLED, ModuleState.DISABLED

TREE = Path(__file__).parents[2] / "assets/kernel-app/modules"


@pytest.fixture
def registry() -> Registry:
    return modstack.resolve(modstack.discover(TREE))


@pytest.fixture
def journal(registry: Registry) -> Iterator[list[tuple[Any, ...]]]:
    yield from journal_of(registry)


def started(registry: Registry, **options: Any) -> Kernel:
    kernel = Kernel(registry, **options)
    asyncio.run(kernel.start())
    return kernel


def states(kernel: Kernel) -> dict[str, str]:
    return {code: runtime.state.value for code, runtime in kernel.modules.items()}


def test_modules_start_in_load_order_and_stop_in_reverse(
    registry: Registry, journal: list[tuple[Any, ...]]
) -> None:
    kernel = started(registry)
    asyncio.run(kernel.stop())
    assert journal == [
        ("start", "core"),
        ("start", "payments", 5.0),
        ("initialize", "wallet"),
        ("cleanup", "wallet"),
        ("stop", "payments"),
        ("stop", "core"),
    ]
    assert kernel.get_module("core").state is Lifecycle.STOPPED


def test_one_bad_module_fails_its_dependents_block_and_the_rest_run(
    registry: Registry, journal: list[Any]
) -> None:
    kernel = started(registry)
    assert states(kernel) == {
        "bad-config": "failed",
        "bad-import": "failed",
        "broken": "failed",
        "core": "active",
        "needs-broken": "blocked",
        "chain": "blocked",
        "payments": "active",
        "billing": "active",
        "wallet": "active",
    }
    broken = kernel.get_module("broken")
    assert (
        broken.reason == "on_startup failed: ConnectionError: gateway unreachable at 10.0.0.1:443"
    )
    assert isinstance(broken.error, ConnectionError)
    assert "raise ConnectionError" in (broken.traceback() or "")
    assert kernel.get_module("chain").reason == "requires needs-broken, which is blocked"
    assert kernel.get_module("bad-import").reason == (
        "import failed: ModuleNotFoundError: No module named 'not_a_real_dependency_xyz'"
    )


def test_a_module_that_fails_to_start_is_logged_with_its_traceback(
    registry: Registry, journal: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    """The log names the module, the step and the error, with the traceback to the line
    of the module's own code that raised (answers only say the module is unavailable)."""
    caplog.set_level(logging.ERROR, logger="modstack")
    started(registry)
    (record,) = [r for r in caplog.records if "'broken' failed during on_startup" in r.message]
    assert record.exc_info is not None
    assert "raise ConnectionError" in caplog.text


def test_invalid_settings_fail_the_module_naming_every_field(
    registry: Registry, journal: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAYMENTS_TIMEOUT", "0")
    monkeypatch.setenv("PAYMENTS_RETRIES", "many")
    kernel = started(registry)
    reason = kernel.get_module("payments").reason or ""
    assert reason.startswith(
        "settings failed: ModuleConfigError: module 'payments': invalid settings"
    )
    assert "timeout: Input should be greater than 0 (got '0' from PAYMENTS_TIMEOUT)" in reason
    assert "retries: Input should be a valid integer" in reason
    assert kernel.get_module("billing").state is Lifecycle.BLOCKED
    bad = kernel.get_module("bad-config").reason or ""
    assert "port: required; set BAD_CONFIG_PORT" in bad


def test_settings_come_from_the_environment_with_the_module_prefix(
    registry: Registry, journal: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAYMENTS_TIMEOUT", "2.5")
    monkeypatch.setenv("BAD_CONFIG_PORT", "8080")
    kernel = started(registry)
    assert kernel.get_module("payments").config.timeout == 2.5
    assert kernel.get_module("bad-config").state is Lifecycle.ACTIVE
    assert env_prefix("dev-tools") == "DEV_TOOLS_"


def test_tenant_hooks_run_for_modules_switched_on_or_off(
    registry: Registry, journal: list[Any]
) -> None:
    kernel = started(registry)
    journal.clear()
    enable = Plan("acme", "enable", "billing", 1, (
        Change("payments", X, D, "required by billing"), Change("billing", X, E, "requested"),
    ))  # fmt: skip
    asyncio.run(kernel.plan_applied(enable))
    disable = Plan("acme", "disable", "payments", 2, (Change("payments", D, X, "requested"),))
    asyncio.run(kernel.plan_applied(disable))
    assert journal == [
        ("enabled", "payments", "acme"),
        ("enabled", "billing", "acme"),
        ("disabled", "payments", "acme"),
    ]


def test_health_checks_run_concurrently_with_a_timeout(
    registry: Registry, journal: list[Any]
) -> None:
    kernel = started(registry, health_timeout=0.15)  # payments' check sleeps 0.3 s
    reports = asyncio.run(kernel.health_all())
    assert reports["core"]["status"] == "healthy"
    assert reports["core"]["connections"] == 3
    assert reports["payments"] == {
        "module": "payments",
        "state": "active",
        "status": "unhealthy",
        "reason": "health check timed out after 0.15 s",
    }
    assert reports["wallet"]["status"] == "degraded"
    assert reports["broken"]["status"] == "failed"
    assert reports["chain"]["reason"] == "requires needs-broken, which is blocked"
    relaxed = started(registry, health_timeout=2)
    assert asyncio.run(relaxed.get_module_health("payments"))["status"] == "healthy"


def test_the_flask_seed_surface(registry: Registry, journal: list[Any]) -> None:
    kernel = started(registry)
    assert kernel.is_module_loaded("billing")
    assert not kernel.is_module_loaded("broken")
    assert not kernel.is_module_loaded("nope")
    status = kernel.get_module_status()
    assert status["counts"] == {"failed": 3, "active": 4, "blocked": 2}
    assert status["modules"]["broken"]["state"] == "failed"
    with pytest.raises(ModuleNotFound, match="did you mean 'billing'"):
        kernel.get_module("biling")


def test_illegal_transitions_name_both_states() -> None:
    message = (
        "module 'x' cannot go from 'active' to 'starting'; from 'active' it can go to: stopping"
    )
    with pytest.raises(IllegalTransitionError, match=message):
        check_transition("x", Lifecycle.ACTIVE, Lifecycle.STARTING)
    runtime = ModuleRuntime(modstack.ModuleDefinition("x"))
    with pytest.raises(IllegalTransitionError):
        runtime.move(Lifecycle.STOPPING)
    runtime.move(Lifecycle.STARTING)
    runtime.move(Lifecycle.ACTIVE)
    assert [state for state, _ in runtime.history] == [Lifecycle.STARTING, Lifecycle.ACTIVE]
