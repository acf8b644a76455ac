"""Errors of one module's life past loading: a lifecycle move the state machine forbids,
a downgrade other modules' tables still need, ``modstack new`` refusing to write, and the
base of a module's own errors (``ModuleError``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from modstack.errors_base import ModstackError


class IllegalTransitionError(ModstackError, RuntimeError):
    """A module was asked to move between lifecycle states that are not connected."""

    def __init__(self, *, module: str, current: str, target: str, allowed: Iterable[str]) -> None:
        self.module = module
        self.current = current
        self.target = target
        self.allowed = tuple(allowed)
        options = ", ".join(self.allowed) or "nothing"
        super().__init__(
            f"module {module!r} cannot go from {current!r} to {target!r}; from {current!r} it "
            f"can go to: {options}"
        )


class MigrationRefusedError(ModstackError, RuntimeError):
    """A module's tables cannot be removed while modules that require it still have theirs."""

    def __init__(self, *, module: str, dependents: Sequence[str]) -> None:
        self.module = module
        self.dependents = tuple(dependents)
        names = ", ".join(self.dependents)
        first = " and ".join(f"{d}@base" for d in self.dependents)
        super().__init__(
            f"refusing to downgrade {module!r}: modules that require it still have tables: "
            f"{names}; downgrade {first} first"
        )


class ModuleError(ModstackError):
    """The base of a module's own errors (the Wizamart seed's ``WizamartException``).

    Subclasses set ``status`` (the HTTP status) and ``error_code`` (the answer's
    machine-readable reason); ``details`` adds fields to the answer. Every adapter turns
    an uncaught ModuleError into the same JSON body (``as_data()``), or the HTML error page
    for a browser::

        class OrderNotFound(ModuleError):
            status = 404
            error_code = "order_not_found"

            def __init__(self, number: str) -> None:
                super().__init__(f"no order {number!r}", number=number)
    """

    status: int = 400
    error_code: str = "module_error"

    def __init__(self, detail: str = "", *, module: str | None = None, **details: object) -> None:
        self.detail = detail or self.error_code.replace("_", " ")
        self.module = module
        self.details = details
        super().__init__(self.detail)

    def as_data(self) -> dict[str, object]:
        """The answer's body: ``code``, ``detail``, ``module`` (when known) and details."""
        body: dict[str, object] = {"code": self.error_code, "detail": self.detail}
        if self.module is not None:
            body["module"] = self.module
        return {**self.details, **body}


class ScaffoldError(ModstackError, ValueError):
    """``modstack new`` refused: a name is invalid, a requirement unknown, or a file exists."""

    def __init__(self, reason: str, *, fix: str) -> None:
        self.reason = reason
        self.fix = fix
        super().__init__(f"{reason}: {fix}")
