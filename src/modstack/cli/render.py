"""Turn registries and problems into data (for ``--json``) and text (dot, mermaid, text)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from modstack.definition import HOOK_NAMES, PATH_PARTS, ModuleDefinition, Tier
from modstack.errors import ModstackError
from modstack.registry import Registry

_DETAIL_ATTRIBUTES = ("module", "field", "value", "file", "source", "dependency", "path", "files")


def problem_data(problem: ModstackError) -> dict[str, Any]:
    """A problem as JSON-ready data: its kind, its message, and its culprit's attributes."""
    data: dict[str, Any] = {"kind": type(problem).__name__, "message": str(problem)}
    for name in _DETAIL_ATTRIBUTES:
        value = getattr(problem, name, None)
        if value is not None:
            data[name] = list(value) if isinstance(value, tuple) else _jsonable(value)
    return data


def _jsonable(value: object) -> Any:
    try:
        json.dumps(value)
    except TypeError:
        return repr(value)
    return value


def module_summary(definition: ModuleDefinition) -> dict[str, Any]:
    """The fields ``modstack list`` shows for one module."""
    return {
        "code": definition.code,
        "name": definition.name,
        "version": definition.version,
        "tier": definition.tier.value,
        "requires": [str(r) for r in definition.requires],
        "optional_requires": [str(r) for r in definition.optional_requires],
        "source": definition.source,
    }


def module_detail(registry: Registry, code: str) -> dict[str, Any]:
    """Everything ``modstack show`` tells about one module."""
    definition = registry.get(code)
    paths = {part: str(definition.path_of(part)) for part in PATH_PARTS}
    return {
        **module_summary(definition),
        "description": definition.description,
        "features": list(definition.features),
        "menu_items": {k: list(v) for k, v in definition.menu_items.items()},
        "permissions": {k: sorted(v) for k, v in definition.permissions.items()},
        "dependencies": registry.in_load_order(registry.dependencies(code)),
        "dependents": registry.in_load_order(registry.dependents(code)),
        "load_position": registry.order.index(code) + 1,
        "hooks": [hook for hook in HOOK_NAMES if getattr(definition, hook) is not None],
        "implementation": _qualified(definition.implementation),
        "paths": paths if definition.root else {},
    }


def _qualified(cls: type | None) -> str | None:
    return None if cls is None else f"{cls.__module__}.{cls.__qualname__}"


def graph_data(registry: Registry) -> dict[str, Any]:
    """Nodes in load order and edges ``from`` requires ``to``."""
    return {
        "order": list(registry.order),
        "nodes": [{"code": d.code, "version": d.version, "tier": d.tier.value} for d in registry],
        "edges": [
            {"from": d.code, "to": to, "optional": to not in registry.requires(d.code)}
            for d in registry
            for to in registry.load_after(d.code)
        ],
    }


def graph_json(registry: Registry) -> str:
    """:func:`graph_data` as indented JSON."""
    return json.dumps(graph_data(registry), indent=2)


_DOT_STYLE = {
    Tier.CORE: 'style=filled, fillcolor="#dbeafe"',
    Tier.OPTIONAL: 'style=filled, fillcolor="#ffffff"',
    Tier.INTERNAL: 'style="filled,dashed", fillcolor="#f3f4f6"',
}


def graph_dot(registry: Registry) -> str:
    """Graphviz DOT; an arrow points from a module to what it requires."""
    lines = ["digraph modules {", "  rankdir=BT;", "  node [shape=box, fontname=Helvetica];"]
    for d in registry:
        label = f"{d.code}\\n{d.version} · {d.tier.value}"
        lines.append(f'  "{d.code}" [label="{label}", {_DOT_STYLE[d.tier]}];')
    for edge in graph_data(registry)["edges"]:
        style = " [style=dashed]" if edge["optional"] else ""
        lines.append(f'  "{edge["from"]}" -> "{edge["to"]}"{style};')
    lines.append("}")
    return "\n".join(lines)


def graph_mermaid(registry: Registry) -> str:
    """Mermaid flowchart; dotted arrows are optional requirements."""
    ids = {d.code: d.code.replace("-", "_") for d in registry}
    lines = ["flowchart BT"]
    for d in registry:
        lines.append(f'    {ids[d.code]}["{d.code} {d.version}"]:::{d.tier.value}')
    for edge in graph_data(registry)["edges"]:
        arrow = "-.->" if edge["optional"] else "-->"
        lines.append(f"    {ids[edge['from']]} {arrow} {ids[edge['to']]}")
    lines.append("    classDef core fill:#dbeafe;")
    lines.append("    classDef internal stroke-dasharray: 4 2;")
    return "\n".join(lines)


def graph_text(registry: Registry) -> str:
    """One line per module in load order, with what it requires."""
    width = max((len(code) for code in registry.order), default=0)
    lines = []
    for position, d in enumerate(registry, start=1):
        needs = [str(r) for r in d.requires]
        needs += [f"({r})" for r in d.optional_requires if r.code in registry]
        arrow = f" -> {', '.join(needs)}" if needs else ""
        lines.append(f"{position:>3}. {d.code:<{width}}  {d.tier.value:<8} {d.version}{arrow}")
    return "\n".join(lines)


def aligned(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """A plain table: a header line and one line per row, columns left-aligned and two
    spaces apart, the last column unpadded (it wraps, if it must, by itself)."""
    widths = [max(len(cell) for cell in column) for column in zip(headers, *rows, strict=True)]
    lines = []
    for row in (headers, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines
