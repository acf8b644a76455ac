"""Run every rule over one tree and gather the report."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from modstack.check.code import CODE_RULES
from modstack.check.config import CheckConfig
from modstack.check.context import CheckContext, shown
from modstack.check.imports import boundaries
from modstack.check.layout import LAYOUT_RULES
from modstack.check.model import Finding, Report
from modstack.check.rules import RULES
from modstack.check.suppress import split
from modstack.check.tree_rules import legacy_locations, load_problems, missing_definitions
from modstack.check.views import module_views
from modstack.errors import ModstackError
from modstack.registry import Registry

MODULE_RULES = {**LAYOUT_RULES, **CODE_RULES}


def check_tree(
    root: Path,
    registry: Registry | None,
    problems: Sequence[ModstackError] = (),
    *,
    config: CheckConfig | None = None,
) -> Report:
    """Check the tree under ``root`` against every rule.

    ``registry`` and ``problems`` are what loading the tree gave (``modstack validate``'s
    outcome); when it did not load, each module is read from its ``definition.py``
    without running it, so the rest of the tree is still checked."""
    config = config or CheckConfig()
    ctx = CheckContext(root, config, tuple(module_views(root, registry)))
    findings = sorted(set(_all(ctx, problems)), key=_order)
    kept, silenced = split(findings, config)
    return Report(shown(root), len(ctx.views), tuple(kept), tuple(silenced))


def _all(ctx: CheckContext, problems: Sequence[ModstackError]) -> Iterator[Finding]:
    yield from load_problems(problems, ctx)
    yield from missing_definitions(ctx)
    for view in ctx.views:
        for rule_id, rule in MODULE_RULES.items():
            if view.style in RULES[rule_id].styles and view.folder is not None:
                yield from rule(view, ctx)
    yield from legacy_locations(ctx)
    yield from boundaries(ctx)


def _order(finding: Finding) -> tuple[str, int, str, str]:
    return (finding.path, finding.line or 0, finding.rule, finding.message)
