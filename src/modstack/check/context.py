"""What every rule is handed: the configuration, the modules, and how to name a path."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from modstack.check.config import CheckConfig
from modstack.check.model import Finding
from modstack.check.rules import RULES
from modstack.check.views import ModuleView


@dataclass(frozen=True)
class CheckContext:
    """The tree being checked."""

    root: Path
    """The modules folder."""
    config: CheckConfig
    views: tuple[ModuleView, ...]

    @cached_property
    def languages(self) -> frozenset[str]:
        """The languages every module needs: configured, else every one the tree uses."""
        if self.config.languages:
            return frozenset(self.config.languages)
        found: set[str] = set()
        for view in self.views:
            locales = view.part("locales")
            if locales is not None and locales.is_dir():
                found.update(p.stem for p in locales.glob("*.json"))
        return frozenset(found)

    def finding(
        self,
        rule_id: str,
        module: str | None,
        path: Path | str,
        line: int | None,
        message: str,
        fix: str,
        chain: tuple[str, ...] = (),
    ) -> Finding:
        """A finding of ``rule_id`` at the rule's severity, its path shown relative to
        the current directory when it lies below it."""
        rule = RULES[rule_id]
        return Finding(rule_id, rule.severity, module, shown(path), line, message, fix, chain)


def shown(path: Path | str) -> str:
    """``path`` relative to the current directory when below it, else absolute."""
    text = str(path)
    if text.startswith("<"):
        return text
    absolute = os.path.abspath(text)
    here = os.getcwd()
    if absolute == here or absolute.startswith(here + os.sep):
        return os.path.relpath(absolute, here)
    return absolute
