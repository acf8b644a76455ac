"""A module's lifecycle (DESIGN §5), as a state machine with an explicit transition table."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from modstack.errors import IllegalTransitionError


class Lifecycle(enum.StrEnum):
    """Where a module is in its life inside one running application."""

    DISCOVERED = "discovered"
    RESOLVED = "resolved"
    STARTING = "starting"
    ACTIVE = "active"
    STOPPING = "stopping"
    STOPPED = "stopped"
    FAILED = "failed"
    """Its import, settings or ``on_startup`` raised; the error is kept."""
    BLOCKED = "blocked"
    """A module it requires is not active."""


L = Lifecycle
TRANSITIONS: Mapping[Lifecycle, frozenset[Lifecycle]] = {
    L.DISCOVERED: frozenset({L.RESOLVED, L.FAILED}),
    L.RESOLVED: frozenset({L.STARTING, L.BLOCKED, L.FAILED}),
    L.STARTING: frozenset({L.ACTIVE, L.FAILED}),
    L.ACTIVE: frozenset({L.STOPPING}),
    L.STOPPING: frozenset({L.STOPPED, L.FAILED}),
    L.STOPPED: frozenset({L.STARTING, L.BLOCKED}),
    L.FAILED: frozenset({L.STARTING, L.BLOCKED, L.STOPPED}),
    L.BLOCKED: frozenset({L.STARTING, L.BLOCKED, L.STOPPED}),
}


def check_transition(module: str, current: Lifecycle, target: Lifecycle) -> None:
    """Raise IllegalTransitionError, naming both states, unless ``current -> target`` is allowed."""
    allowed = TRANSITIONS[current]
    if target not in allowed:
        raise IllegalTransitionError(
            module=module,
            current=current.value,
            target=target.value,
            allowed=sorted(state.value for state in allowed),
        )
