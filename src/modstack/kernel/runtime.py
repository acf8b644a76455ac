"""``ModuleRuntime``: one module's condition inside a running application."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from modstack.definition import ModuleDefinition
from modstack.kernel.lifecycle import Lifecycle, check_transition


@dataclass(eq=False)
class ModuleRuntime:
    """The live side of a module: its state, why it is not active, its settings and,
    for class-style modules, its instance."""

    definition: ModuleDefinition
    state: Lifecycle = Lifecycle.RESOLVED
    reason: str | None = None
    """Why the module is failed or blocked, in one line."""
    error: BaseException | None = None
    config: Any = None
    instance: Any = None
    started_at: float | None = None
    history: list[tuple[Lifecycle, float]] = field(default_factory=list)
    standby: bool = False
    """True while a reload runs this runtime beside the one it will replace: it goes
    into service (and becomes False) when the kernel swaps them."""

    @property
    def code(self) -> str:
        """The module's code."""
        return self.definition.code

    @property
    def is_active(self) -> bool:
        """True while the module is running."""
        return self.state is Lifecycle.ACTIVE

    def move(self, target: Lifecycle, *, reason: str | None = None) -> None:
        """Go to ``target``. Raises IllegalTransitionError naming both states."""
        check_transition(self.code, self.state, target)
        self.state = target
        self.history.append((target, time.time()))
        if target is Lifecycle.ACTIVE:
            self.started_at = time.time()
            self.reason = self.error = None
        elif target in (Lifecycle.FAILED, Lifecycle.BLOCKED):
            self.reason = reason
        elif target is Lifecycle.STARTING:
            self.reason = self.error = None

    def fail(self, error: BaseException, *, during: str) -> None:
        """Mark the module failed, keeping the error and where it happened."""
        self.error = error
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        self.move(
            Lifecycle.FAILED,
            reason=f"{during} failed: {type(error).__name__}: {detail}".rstrip(": "),
        )

    def traceback(self) -> str | None:
        """The kept error's traceback, for logs and the admin API."""
        if self.error is None:
            return None
        return "".join(traceback.format_exception(self.error))

    def summary(self) -> dict[str, Any]:
        """The module as the status endpoints show it."""
        return {
            "code": self.code,
            "name": self.definition.name,
            "version": self.definition.version,
            "tier": self.definition.tier.value,
            "state": self.state.value,
            "reason": self.reason,
            "started_at": self.started_at,
        }
