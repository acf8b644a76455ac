"""Where each module keeps its migrations, and the Wizamart naming rule:
``migrations/versions/{code}_{sequence}_{description}.py`` with revision ids that start
with the code, and a first revision labelled with the code."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

from modstack.definition import ModuleDefinition
from modstack.errors import DefinitionError
from modstack.registry import Registry


@dataclass(frozen=True, slots=True)
class ModuleMigrations:
    """One module's migration folder and its revision files."""

    code: str
    folder: Path
    files: tuple[Path, ...]

    @property
    def prefix(self) -> str:
        """What file names and revision ids start with: the code, ``-`` written ``_``."""
        return self.code.replace("-", "_")


def module_migrations(registry: Registry) -> list[ModuleMigrations]:
    """Every module that has a ``migrations/versions`` folder, in load order."""
    found = []
    for definition in registry:
        folder = definition.path_of("migrations")
        if folder is not None and folder.is_dir():
            files = tuple(sorted(p for p in folder.glob("*.py") if p.name != "__init__.py"))
            found.append(ModuleMigrations(definition.code, folder, files))
    return found


def check_layout(registry: Registry) -> list[DefinitionError]:
    """Every migration file that breaks the naming rule, each error naming the file."""
    problems: list[DefinitionError] = []
    for migrations in module_migrations(registry):
        definition = registry.get(migrations.code)
        pattern = re.compile(rf"{re.escape(migrations.prefix)}_\d{{3}}_[a-z0-9_]+\.py")
        labelled = False
        for file in migrations.files:
            if pattern.fullmatch(file.name) is None:
                problems.append(_problem(definition, file, file.name,
                    f"name it {migrations.prefix}_<NNN>_<description>.py, e.g. "
                    f"{migrations.prefix}_001_create_tables.py"))  # fmt: skip
            broken = _syntax_error(file)
            if broken is not None:
                problems.append(_problem(definition, file, file.name, broken))
                continue
            revision, labels = _revision_and_labels(file)
            if revision is None or not revision.startswith(migrations.prefix + "_"):
                problems.append(_problem(definition, file, revision,
                    f"the revision id must start with {migrations.prefix + '_'!r}"))  # fmt: skip
            labelled = labelled or migrations.code in labels
        if migrations.files and not labelled:
            problems.append(_problem(definition, migrations.files[0], migrations.files[0].name,
                f"the first revision needs branch_labels = ({migrations.code!r},)"))  # fmt: skip
    return problems


def _problem(
    definition: ModuleDefinition, file: Path, value: object, reason: str
) -> DefinitionError:
    return DefinitionError(
        module=definition.code, field="migrations", value=value, reason=reason, file=str(file)
    )


def branch_heads(folder: Path) -> list[str]:
    """The newest revision(s) of one module's ``migrations/versions`` folder, read without
    running the files: the revisions no other file names as its ``down_revision``."""
    revisions: dict[str, tuple[str, ...]] = {}
    for file in sorted(folder.glob("*.py")) if folder.is_dir() else ():
        values = _assignments(file)
        revision, down = values.get("revision"), values.get("down_revision")
        if isinstance(revision, str):
            downs = (
                [down] if isinstance(down, str) else down if isinstance(down, list | tuple) else []
            )
            revisions[revision] = tuple(d for d in downs if isinstance(d, str))
    pointed_at = {down for downs in revisions.values() for down in downs}
    return sorted(r for r in revisions if r not in pointed_at)


def _syntax_error(file: Path) -> str | None:
    """Why ``file`` is no Python a revision can be read from, or None when it parses."""
    try:
        ast.parse(file.read_bytes(), filename=str(file))
    except SyntaxError as error:
        return f"does not parse: {error.msg} (line {error.lineno}); fix the file"
    except (UnicodeDecodeError, ValueError) as error:
        return f"does not parse: {error}; fix the file"
    return None


def _assignments(file: Path) -> dict[str, object]:
    """The literal top-level assignments of a Python file (``revision = "x_001"``)."""
    found: dict[str, object] = {}
    try:
        tree = ast.parse(file.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return found
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets:
            target, value_node = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value_node = node.target, node.value
        else:
            continue
        if isinstance(target, ast.Name):
            try:
                found[target.id] = ast.literal_eval(value_node)
            except ValueError:
                continue
    return found


def _revision_and_labels(file: Path) -> tuple[str | None, tuple[str, ...]]:
    """Read ``revision`` and ``branch_labels`` without running the file."""
    values = _assignments(file)
    revision, value = values.get("revision"), values.get("branch_labels")
    labels: tuple[str, ...] = ()
    if isinstance(value, str):
        labels = (value,)
    elif isinstance(value, list | tuple):
        labels = tuple(str(v) for v in value)
    return (revision if isinstance(revision, str) else None), labels
