"""The rules ``modstack check`` enforces: the Wizamart seed's MOD-001…MOD-019, carried
over to modstack's layout, plus import boundaries (IMP) and the tree itself (TREE)."""

from __future__ import annotations

from modstack.check.model import FOLDERS, NATIVE, WIZAMART, Rule, Severity, Style

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_TREE = frozenset(Style)

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "TREE-001", ERROR, "The tree loads: every definition imports and the graph holds", _TREE
        ),
        Rule(
            "MOD-001",
            ERROR,
            "Self-contained modules must have required directories "
            "(services/, models/, schemas/; __init__.py where the tree uses packages)",
            NATIVE,
        ),
        Rule("MOD-002", WARNING, "Services must contain actual code, not re-exports"),
        Rule("MOD-003", WARNING, "Schemas must contain actual code, not re-exports"),
        Rule("MOD-004", WARNING, "Routes must import from modules, not legacy locations"),
        Rule("MOD-005", WARNING, "Modules with UI must have templates and static", WIZAMART),
        Rule("MOD-006", INFO, "Modules should have locales for i18n", NATIVE),
        Rule("MOD-007", ERROR, "Definition paths must match directory structure"),
        Rule("MOD-008", WARNING, "Self-contained modules must have exceptions.py", NATIVE),
        Rule("MOD-009", ERROR, "Modules must have definition.py for auto-discovery", _TREE),
        Rule("MOD-010", WARNING, "Route files must export router variable"),
        Rule("MOD-011", WARNING, "Tasks directory must have __init__.py"),
        Rule("MOD-012", INFO, "Locales should have all language files", WIZAMART),
        Rule("MOD-013", INFO, "config.py should export config or config_class", WIZAMART),
        Rule("MOD-014", WARNING, "Migrations must follow naming convention"),
        Rule("MOD-015", WARNING, "Migrations directory must have __init__.py files"),
        Rule("MOD-016", ERROR, "Routes must be in modules, not app/api/v1/", _TREE),
        Rule("MOD-017", ERROR, "Services must be in modules, not app/services/", _TREE),
        Rule("MOD-018", ERROR, "Tasks must be in modules, not app/tasks/", _TREE),
        Rule("MOD-019", ERROR, "Schemas must be in modules, not models/schema/", _TREE),
        Rule(
            "IMP-001",
            ERROR,
            "A module imports another module only if it requires it "
            "(requires or optional_requires)",
            FOLDERS,
        ),
        Rule(
            "IMP-002",
            ERROR,
            "A module imports another module only from its public parts "
            "(services, schemas, exceptions, events by default)",
            FOLDERS,
        ),
    )
}
