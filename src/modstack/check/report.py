"""Print a report as text, JSON, or SARIF 2.1.0."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from modstack.check.model import Finding, Report
from modstack.check.rules import RULES

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def as_text(report: Report) -> str:
    """One block per finding (``path:line: RULE SEVERITY [module] message`` and how to
    fix it), the suppressed ones after, and a summary line."""
    lines: list[str] = []
    for finding in report.findings:
        lines += _block(finding)
    if report.suppressed:
        lines.append(f"suppressed ({len(report.suppressed)}):")
        for silenced in report.suppressed:
            lines += [f"  {line}" for line in _block(silenced.finding)[:1]]
            lines.append(f"      by {silenced.by}")
    counts = report.counts()
    total = len(report.findings)
    summary = ", ".join(f"{n} {name}" for name, n in counts.items() if n) or "no findings"
    mark = "✓" if not total else "✗"
    lines.append(
        f"{mark} {report.checked} modules at {report.modules}: {summary}"
        + (f" ({len(report.suppressed)} suppressed)" if report.suppressed else "")
    )
    return "\n".join(lines)


def _block(finding: Finding) -> list[str]:
    where = f"{finding.path}:{finding.line}" if finding.line else finding.path
    module = f" [{finding.module}]" if finding.module else ""
    return [
        f"{where}: {finding.rule} {finding.severity.label}{module} {finding.message}",
        f"    fix: {finding.fix}",
    ]


def as_json(report: Report) -> dict[str, Any]:
    """``findings`` (each with rule, severity, module, path, line, message, fix),
    ``suppressed`` (the same plus ``suppressed_by``) and ``summary``."""
    return {
        "modules": report.modules,
        "checked": report.checked,
        "findings": [f.data() for f in report.findings],
        "suppressed": [s.data() for s in report.suppressed],
        "summary": {**report.counts(), "suppressed": len(report.suppressed)},
    }


def as_sarif(report: Report) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run: every rule in the driver, one result per finding,
    suppressed findings carrying their ``suppressions``."""
    index = {rule_id: i for i, rule_id in enumerate(RULES)}
    results = [_result(f, index) for f in report.findings]
    for silenced in report.suppressed:
        result = _result(silenced.finding, index)
        result["suppressions"] = [
            {
                "kind": "inSource" if silenced.in_source else "external",
                "justification": silenced.by,
            }
        ]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "modstack check",
                        "version": _version(),
                        "informationUri": "https://pypi.org/project/modstack/",
                        "rules": [
                            {
                                "id": rule.id,
                                "shortDescription": {"text": rule.title},
                                "defaultConfiguration": {"level": rule.severity.sarif_level},
                                "properties": {"styles": sorted(s.value for s in rule.styles)},
                            }
                            for rule in RULES.values()
                        ],
                    }
                },
                "results": results,
            }
        ],
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    region = {"startLine": finding.line} if finding.line else None
    location: dict[str, Any] = {"artifactLocation": {"uri": finding.path.replace("\\", "/")}}
    if region:
        location["region"] = region
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": finding.severity.sarif_level,
        "message": {"text": f"{finding.message}. Fix: {finding.fix}"},
        "locations": [{"physicalLocation": location}],
    }
    if finding.module:
        result["properties"] = {"module": finding.module}
    return result


def _version() -> str:
    try:
        return version("modstack")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0"
