"""``modstack check``: the architecture checker — the Wizamart seed's rules MOD-001 …
MOD-019 in modstack's layout, import boundaries between modules (IMP-001, IMP-002), and
the tree's own validity (TREE-001). Everything is read statically; no module code runs
beyond loading the definitions, as ``modstack validate`` does."""

from modstack.check.config import CheckConfig, CheckConfigError, find_pyproject, load_config
from modstack.check.model import Finding, Report, Rule, Severity, Style, Suppressed
from modstack.check.report import as_json, as_sarif, as_text
from modstack.check.rules import RULES
from modstack.check.runner import check_tree

__all__ = [
    "RULES",
    "CheckConfig",
    "CheckConfigError",
    "Finding",
    "Report",
    "Rule",
    "Severity",
    "Style",
    "Suppressed",
    "as_json",
    "as_sarif",
    "as_text",
    "check_tree",
    "find_pyproject",
    "load_config",
]
