"""What ``modstack check`` reports: rules, their severities, and findings."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """How much a finding matters; ``--fail-on`` compares against it."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        """The upper-case name the seed uses (``ERROR``, ``WARNING``, ``INFO``)."""
        return self.name

    @property
    def sarif_level(self) -> str:
        """The SARIF 2.1.0 ``level`` for this severity."""
        return {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(self, "note")


class Style(enum.StrEnum):
    """How a module is declared; a rule that does not fit a style does not fire on it."""

    FOLDER = "folder"
    """A ``ModuleDefinition`` in ``<modules>/<code>/definition.py`` (Wizamart seed)."""
    CLASS = "class"
    """A Flask- or Django-seed class (``BaseModule``, ``@module``) in a module folder."""
    DJANGO_APP = "django-app"
    """A module folder that is also a Django app (``apps.py`` with an ``AppConfig``)."""
    PACKAGE = "package"
    """A module without a folder of its own (an installed distribution's entry point)."""


FOLDERS = frozenset({Style.FOLDER, Style.CLASS, Style.DJANGO_APP})
WIZAMART = frozenset({Style.FOLDER, Style.CLASS})
NATIVE = frozenset({Style.FOLDER})


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its id, severity, one-line meaning, and the styles it applies to."""

    id: str
    severity: Severity
    title: str
    styles: frozenset[Style] = FOLDERS


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule: where, what is wrong, and how to fix it."""

    rule: str
    severity: Severity
    module: str | None
    path: str
    line: int | None
    message: str
    fix: str
    chain: tuple[str, ...] = ()
    """For import findings: the importing module's dotted name, then what it imports."""

    def data(self) -> dict[str, Any]:
        """The finding as JSON data (``rule``, ``severity``, ``module``, ``path`` ...)."""
        found: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.label,
            "module": self.module,
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
        }
        if self.chain:
            found["chain"] = list(self.chain)
        return found


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A finding someone chose to silence, and where they did (shown, never hidden)."""

    finding: Finding
    by: str
    """``"# modstack: ignore[...]" at path:line`` or the configuration key that did it."""
    in_source: bool

    def data(self) -> dict[str, Any]:
        """The finding's data plus ``suppressed_by``."""
        return {**self.finding.data(), "suppressed_by": self.by}


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of one check: findings in order, and the ones suppressed."""

    modules: str
    checked: int
    findings: tuple[Finding, ...]
    suppressed: tuple[Suppressed, ...] = field(default=())

    def fails(self, threshold: Severity) -> bool:
        """True when a finding at ``threshold`` or worse was not suppressed."""
        return any(f.severity >= threshold for f in self.findings)

    def counts(self) -> dict[str, int]:
        """How many findings of each severity."""
        return {s.label.lower(): sum(f.severity is s for f in self.findings) for s in Severity}
