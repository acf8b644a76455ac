"""Silencing a finding: ``# modstack: ignore[MOD-008]`` on its line (or the line above),
or ``ignore`` / ``per_module_ignores`` in ``[tool.modstack.check]``. Silenced findings
are still listed, with what silenced them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from modstack.check.config import CheckConfig
from modstack.check.model import Finding, Suppressed

DIRECTIVE = re.compile(r"#\s*modstack:\s*ignore(?:\[(?P<rules>[^\]]*)\])?", re.IGNORECASE)


def split(
    findings: Iterable[Finding], config: CheckConfig
) -> tuple[list[Finding], list[Suppressed]]:
    """Separate the findings that stand from the ones something silenced."""
    kept: list[Finding] = []
    silenced: list[Suppressed] = []
    lines: dict[str, list[str]] = {}
    where = f" in {config.source}" if config.source else ""
    for finding in findings:
        by = _inline(finding, lines)
        in_source = by is not None
        if by is None and finding.rule in config.ignore:
            by = f"[tool.modstack.check] ignore{where}"
        if by is None and finding.rule in config.per_module_ignores.get(finding.module or "", ()):
            by = f"[tool.modstack.check.per_module_ignores] {finding.module}{where}"
        if by is None:
            kept.append(finding)
        else:
            silenced.append(Suppressed(finding, by, in_source))
    return kept, silenced


def _inline(finding: Finding, cache: dict[str, list[str]]) -> str | None:
    if finding.line is None or not finding.path.endswith(".py"):
        return None
    text = cache.get(finding.path)
    if text is None:
        try:
            text = Path(finding.path).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            text = []
        cache[finding.path] = text
    candidates = [finding.line]
    if finding.line >= 2 and text[finding.line - 2 : finding.line - 1]:
        above = text[finding.line - 2]
        if above.lstrip().startswith("#"):
            candidates.append(finding.line - 1)
    for number in candidates:
        if number > len(text):
            continue
        match = DIRECTIVE.search(text[number - 1])
        if match is None:
            continue
        listed = match.group("rules")
        rules = {r.strip().upper() for r in listed.split(",")} if listed is not None else None
        if rules is None or finding.rule in rules:
            return f"{match.group(0).strip()} at {finding.path}:{number}"
    return None
