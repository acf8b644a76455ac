"""``EventBus``: typed domain events between modules, tenant-aware.

A handler belongs to a module; it is called for an event only when its module is
enabled for the event's tenant. Handlers run in the load order of their modules. A
failing handler is logged with its module and event, counted, and the others still run.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, NoReturn

from modstack.events.declare import event_key
from modstack.registry import Registry

logger = logging.getLogger("modstack.events")

_ROUTE_CACHE_LIMIT = 50_000

EnabledFor = Callable[[str], frozenset[str]]
"""The codes enabled for a tenant (``TenancyService.enabled_modules``)."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One handler of one event type, owned by one module."""

    module: str
    handler: Callable[..., Any]
    is_async: bool
    owner: object = None
    """What subscribed it (a module's runtime), so exactly its handlers can be dropped."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """What publishing one event did."""

    event: str
    tenant: str
    called: tuple[str, ...] = ()
    """Modules whose handlers ran, in order."""
    skipped: tuple[str, ...] = ()
    """Modules with handlers that are off for the tenant."""
    failed: tuple[tuple[str, str], ...] = ()
    """(module, error) for every handler that raised."""


@dataclass(frozen=True, slots=True)
class _Route:
    """The handlers one event type reaches for one tenant's enabled set, worked out
    once and reused until the set or the subscriptions change."""

    subscriptions: tuple[Subscription, ...]
    handlers: tuple[Callable[..., Any], ...]
    all_sync: bool
    delivery: Delivery


class EventBus:
    """Publish events to the handlers of the modules enabled for the event's tenant."""

    def __init__(self, registry: Registry, *, enabled_for: EnabledFor) -> None:
        self.registry = registry
        self.enabled_for = enabled_for
        self.failures: Counter[tuple[str, str]] = Counter()
        """Failed handler calls per (module, event)."""
        self._subscriptions: dict[str, tuple[Subscription, ...]] = {}
        self._keys: dict[type, str] = {}
        self._lock = threading.Lock()
        self._tasks: set[asyncio.Future[Any]] = set()
        self._routes: dict[tuple[type, str, frozenset[str]], _Route] = {}

    # -- subscribing ----------------------------------------------------------------------

    def subscribe(
        self, event: type | str, handler: Callable[..., Any], *, module: str, owner: object = None
    ) -> None:
        """Call ``handler(event)`` for events of this type whose tenant has ``module``
        enabled. Raises ModuleNotFound for an unknown module."""
        self.replace(remove_owner=None, add=[(event, handler, module, owner)])

    def subscribe_all(
        self,
        module: str,
        handlers: Iterable[tuple[str, Callable[..., Any]]],
        *,
        owner: object = None,
    ) -> None:
        """Subscribe every ``(event key, handler)`` of one module."""
        self.replace(remove_owner=None, add=[(key, h, module, owner) for key, h in handlers])

    def unsubscribe(self, owner: object) -> None:
        """Drop every handler ``owner`` subscribed (a module's runtime that stopped)."""
        self.replace(remove_owner=owner, add=[])

    def replace(
        self,
        *,
        remove_owner: object,
        add: Iterable[tuple[type | str, Callable[..., Any], str, object]],
    ) -> None:
        """Drop ``remove_owner``'s handlers and add others in one step (a reload swaps a
        module's old handlers for its new ones, so no event reaches both or neither)."""
        entries = []
        for event, handler, module, owner in add:
            self.registry.get(module)
            key = event if isinstance(event, str) else event_key(event)
            is_async = inspect.iscoroutinefunction(handler)
            entries.append((key, Subscription(module, handler, is_async, owner)))
        position = self.registry.position
        with self._lock:
            table: dict[str, list[Subscription]] = {
                key: [s for s in subs if remove_owner is None or s.owner is not remove_owner]
                for key, subs in self._subscriptions.items()
            }
            for key, entry in entries:
                table.setdefault(key, []).append(entry)
            # Replaced, never mutated: a publish in progress keeps the tuples it started with.
            self._routes = {}
            self._subscriptions = {
                key: tuple(sorted(subs, key=lambda s: position(s.module)))
                for key, subs in table.items()
                if subs
            }

    def handlers_of(self, event: type | str) -> tuple[Subscription, ...]:
        """The subscriptions for an event type, in dispatch order."""
        return self._subscriptions.get(event if isinstance(event, str) else event_key(event), ())

    # -- publishing -----------------------------------------------------------------------

    def publish(self, event: object, *, tenant: str | None = None) -> Delivery:
        """Call the handlers of ``event`` for its tenant (``tenant=`` or ``event.tenant``).

        Sync handlers run here; async ones are scheduled on the running loop, or run to
        completion when there is none. Raises TenantNotFound for an unknown tenant, and
        ValueError when the event names no tenant.
        """
        # The hot path: _route_for's lines, inlined to save a call per publish.
        who = tenant if tenant is not None else getattr(event, "tenant", None)
        if type(who) is not str:
            self._no_tenant(event)
        enabled = self.enabled_for(who)
        route = self._routes.get((type(event), who, enabled))
        if route is None:
            route = self._route(type(event), who, enabled)
        if not route.all_sync:
            return self._publish_mixed(route, event)
        failed: list[tuple[str, str]] | None = None
        for handler in route.handlers:
            try:
                handler(event)
            except Exception as error:  # noqa: BLE001 - one handler never stops the others
                failed = failed or []
                failed.append(self._failed(route, handler, error))
        return route.delivery if failed is None else replace(route.delivery, failed=tuple(failed))

    def broadcast(self, event: object) -> Delivery:
        """Call every handler of ``event``'s type, whatever the tenant: for events that
        belong to no tenant (a setting changed for everyone)."""
        key = self._keys.get(type(event)) or event_key(type(event))
        subscriptions = self._subscriptions.get(key, ())
        route = _Route(subscriptions, (), True, Delivery(key, "*"))
        failed = []
        for subscription in subscriptions:
            try:
                subscription.handler(event)
            except Exception as error:  # noqa: BLE001
                failed.append(self._failed(route, subscription.handler, error))
        return Delivery(key, "*", tuple(s.module for s in subscriptions), (), tuple(failed))

    async def publish_async(self, event: object, *, tenant: str | None = None) -> Delivery:
        """Like :meth:`publish`, but awaits async handlers in order before returning."""
        route = self._route_for(event, tenant)
        failed: list[tuple[str, str]] = []
        for handler in route.handlers:
            try:
                outcome = handler(event)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception as error:  # noqa: BLE001
                failed.append(self._failed(route, handler, error))
        return replace(route.delivery, failed=tuple(failed)) if failed else route.delivery

    def _publish_mixed(self, route: _Route, event: object) -> Delivery:
        failed: list[tuple[str, str]] = []
        for subscription in route.subscriptions:
            try:
                if subscription.is_async:
                    self._run_async(subscription, event, route)
                else:
                    subscription.handler(event)
            except Exception as error:  # noqa: BLE001
                failed.append(self._failed(route, subscription.handler, error))
        return replace(route.delivery, failed=tuple(failed)) if failed else route.delivery

    def _route_for(self, event: object, tenant: str | None) -> _Route:
        who = tenant if tenant is not None else getattr(event, "tenant", None)
        if type(who) is not str:
            self._no_tenant(event)
        enabled = self.enabled_for(who)
        return self._routes.get((type(event), who, enabled)) or self._route(
            type(event), who, enabled
        )

    def _route(self, event_type: type, tenant: str, enabled: frozenset[str]) -> _Route:
        key = self._keys.get(event_type) or self._keys.setdefault(event_type, event_key(event_type))
        subscriptions = self._subscriptions.get(key, ())
        reached = tuple(s for s in subscriptions if s.module in enabled)
        delivery = Delivery(
            key,
            tenant,
            called=tuple(s.module for s in reached),
            skipped=tuple(s.module for s in subscriptions if s.module not in enabled),
        )
        route = _Route(
            reached,
            tuple(s.handler for s in reached),
            not any(s.is_async for s in reached),
            delivery,
        )
        if len(self._routes) > _ROUTE_CACHE_LIMIT:
            self._routes.clear()
        self._routes[(event_type, tenant, enabled)] = route
        return route

    @staticmethod
    def _no_tenant(event: object) -> NoReturn:
        raise ValueError(
            f"{type(event).__name__} names no tenant: give the event a `tenant` field "
            "or pass publish(..., tenant=...)"
        )

    def _run_async(self, subscription: Subscription, event: object, route: _Route) -> None:
        coroutine = subscription.handler(event)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            asyncio.run(coroutine)
            return
        task = loop.create_task(coroutine)
        self._tasks.add(task)

        def done(finished: asyncio.Future[Any]) -> None:
            self._tasks.discard(finished)
            if not finished.cancelled() and finished.exception() is not None:
                error = finished.exception()
                assert error is not None
                self._failed(route, subscription.handler, error)

        task.add_done_callback(done)

    def _failed(
        self, route: _Route, handler: Callable[..., Any], error: BaseException
    ) -> tuple[str, str]:
        module = next(s.module for s in route.subscriptions if s.handler is handler)
        key = route.delivery.event
        self.failures[(module, key)] += 1
        logger.error(
            "handler %s of module %r failed on event %s for tenant %r: %s",
            getattr(handler, "__qualname__", handler),
            module,
            key,
            route.delivery.tenant,
            error,
            exc_info=error,
        )
        return module, f"{type(error).__name__}: {error}"
