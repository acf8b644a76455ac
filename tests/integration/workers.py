"""Code that runs in child processes (spawned, so each has its own interpreter)."""

from __future__ import annotations

import random
import time
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path

import modstack
from modstack.tenancy import Actor, NotifierChoice, connect

MARKETPLACE = Path(__file__).parents[2] / "examples/marketplace/app/modules"


def random_operations(
    url: str, seed: int, count: int, tenants: list[str], start: Event, out: Queue
) -> None:  # type: ignore[type-arg]
    """Enable and disable random modules of random tenants as fast as possible."""
    registry = modstack.resolve(modstack.discover(MARKETPLACE))
    service = connect(registry, database=url, redis_url="", notifier="in-process", migrate=False)
    switchable = [d.code for d in registry if not d.is_core]
    rng = random.Random(seed)
    actor = Actor.admin(f"worker-{seed}")
    start.wait(30)
    applied = 0
    for _ in range(count):
        tenant, code = rng.choice(tenants), rng.choice(switchable)
        change = service.enable if rng.random() < 0.5 else service.disable
        if not change(tenant, code, actor=actor, reason=f"random op by {seed}").is_empty:
            applied += 1
    service.close()
    service.store.dispose()
    out.put((seed, applied))


def watch(
    url: str,
    redis_url: str,
    notifier: NotifierChoice,
    staleness: float,
    tenant: str,
    code: str,
    ready: Event,
    out: Queue,  # type: ignore[type-arg]
) -> None:
    """Report (monotonic time) when ``is_enabled(tenant, code)`` flips."""
    registry = modstack.resolve(modstack.discover(MARKETPLACE))
    service = connect(
        registry,
        database=url,
        redis_url=redis_url,
        notifier=notifier,
        staleness=staleness,
        migrate=False,
    )
    initial = service.is_enabled(tenant, code)
    if not service.notifier.wait_ready(10):
        out.put("the notifier never became ready")
        return
    ready.set()
    deadline = time.monotonic() + 20
    seen: float | str = "no change seen within 20 s"
    while time.monotonic() < deadline:
        if service.is_enabled(tenant, code) != initial:
            seen = time.monotonic()
            break
        time.sleep(0.0005)
    service.close()
    service.store.dispose()
    out.put(seen)


# -- the shared breaker test --------------------------------------------------------------

from modstack.errors import CircuitOpenError  # noqa: E402
from modstack.services import BaseService, ServiceRuntime  # noqa: E402


class Gateway(BaseService):
    """A payment gateway whose health the test switches (per process)."""

    service_name = "gateway"
    retry_attempts = 1
    failure_threshold = 3
    recovery_timeout = 1.0
    healthy = True

    def charge(self, amount: int) -> str:
        if not Gateway.healthy:
            raise ConnectionError("gateway unreachable")
        return f"charged {amount}"


def gateway_caller(redis_url: str, commands: Queue, answers: Queue) -> None:  # type: ignore[type-arg]
    """Call the gateway whenever told to, and say whether it answered or failed fast."""
    runtime = ServiceRuntime(redis_url=redis_url)
    service = Gateway(runtime=runtime)
    while (command := commands.get(timeout=60)) != "stop":
        assert command == "call"
        try:
            service.call("charge", 1)
            answers.put("ok")
        except CircuitOpenError:
            answers.put("open")
        except ConnectionError:
            answers.put("failed")
    runtime.close()


# -- concurrent settings ------------------------------------------------------------------

CONFIG_TREE = Path(__file__).parents[1] / "assets/config-app/modules"


def set_settings(url: str, offset: int, count: int, start: Event) -> None:
    """Set marketplace.batch_size to offset+1 .. offset+count as fast as possible."""
    from modstack.config import SettingsManager
    from modstack.tenancy import TenancyStore

    registry = modstack.resolve(modstack.discover(CONFIG_TREE))
    store = TenancyStore(url)
    settings = SettingsManager(
        registry, store, environ={"BILLING_CURRENCY": "EUR"}, env_file=None, staleness=0
    )
    start.wait(30)
    for number in range(1, count + 1):
        settings.set_setting("marketplace", "batch_size", offset + number, actor=f"writer-{offset}")
    store.dispose()
