"""``modstack db revision``: the next migration of one module's branch, named by the rule
(``<code>_<NNN>_<words>.py``, revision ``<code>_<NNN>``), depending on the newest revision of
every module it requires, and, with ``autogenerate``, holding the difference between the
module's own models and the database."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import produce_migrations, render_python_code
from alembic.runtime.migration import MigrationContext

from modstack.definition import ModuleDefinition
from modstack.errors import ScaffoldError
from modstack.migrations.layout import branch_heads
from modstack.migrations.runner import Migrations, models_module
from modstack.scaffold.files import NewFile, write_files
from modstack.scaffold.module import python_literal, template

EMPTY = "    pass"


def new_revision(
    migrations: Migrations, code: str, message: str, *, autogenerate: bool = False
) -> Path:
    """Write the next revision of module ``code`` and return its path. Raises
    ModuleNotFound, and ScaffoldError when the message has no words, the branch has two
    heads, or (autogenerating) the database is behind the module's newest revision."""
    definition = migrations.registry.get(code)
    folder = definition.path_of("migrations")
    if folder is None or definition.root is None:
        raise ScaffoldError(f"module {code!r} has no folder", fix="migrations need one")
    words = "_".join(re.findall(r"[a-z0-9]+", message.lower()))[:48].strip("_")
    if not words:
        raise ScaffoldError(f"message {message!r} has no words", fix='say what changes: -m "..."')
    heads = branch_heads(folder)
    if len(heads) > 1:
        raise ScaffoldError(
            f"module {code!r} has {len(heads)} newest revisions ({', '.join(heads)})",
            fix="make one revise the other before adding another",
        )
    prefix = code.replace("-", "_")
    named = re.compile(rf"{re.escape(prefix)}_(\d{{3}})_.*\.py")
    numbers = [int(m.group(1)) for p in folder.glob("*.py") if (m := named.fullmatch(p.name))]
    revision = f"{prefix}_{max(numbers, default=0) + 1:03d}"
    upgrade, downgrade = EMPTY, EMPTY
    if autogenerate:
        upgrade, downgrade = _autogenerate(migrations, definition, heads)
    depends_on = [h for req in definition.requires_codes for h in _heads_of(migrations, req)]
    content = template("migration/revision.py").substitute(
        message=message.strip().rstrip(".") + ".",
        revision=revision,
        down_revision=python_literal(heads[0] if heads else None),
        branch_labels=python_literal(None if heads else (code,)),
        depends_on=python_literal(tuple(depends_on) or None),
        upgrade=upgrade,
        downgrade=downgrade,
    )
    files = [NewFile(folder / f"{revision}_{words}.py", content)]
    for package in (folder.parent, folder):  # migrations/ and migrations/versions/
        if not (package / "__init__.py").exists():
            files.append(NewFile(package / "__init__.py", ""))
    write_files(files)
    return files[0].path


def _heads_of(migrations: Migrations, code: str) -> list[str]:
    folder = migrations.registry.get(code).path_of("migrations")
    return branch_heads(folder) if folder is not None else []


def _autogenerate(
    migrations: Migrations, definition: ModuleDefinition, heads: list[str]
) -> tuple[str, str]:
    """The upgrade and downgrade bodies for the module's own tables."""
    current = migrations.current().get(definition.code) if heads else None
    if heads and current != heads[0]:
        raise ScaffoldError(
            f"the database is at {current or 'base'} for module {definition.code!r}, not at "
            f"its newest revision {heads[0]}",
            fix=f"run `modstack db upgrade {definition.code}` first",
        )
    own = _own_tables(definition)
    if not own:
        raise ScaffoldError(
            f"module {definition.code!r} has no models to compare",
            fix="define tables in its models package, or leave out --autogenerate",
        )

    def include(obj: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
        table = name if kind == "table" else getattr(getattr(obj, "table", None), "name", None)
        return table in own

    metadata = migrations.model_metadata()
    with migrations.engine.connect() as connection:
        batch = connection.dialect.name == "sqlite"
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "include_object": include,
                "render_as_batch": batch,
                "target_metadata": metadata,
            },
        )
        script = produce_migrations(context, metadata)  # type: ignore[arg-type]
        options: dict[str, Any] = {"render_as_batch": batch, "migration_context": context}
        up = render_python_code(script.upgrade_ops, **options)  # type: ignore[arg-type]
        down = render_python_code(script.downgrade_ops, **options)  # type: ignore[arg-type]
    return _body(up), _body(down)


def _own_tables(definition: ModuleDefinition) -> set[str]:
    """The tables the module's models package defines (several modules may share one
    declarative base, so its metadata alone does not say)."""
    module = models_module(definition)
    if module is None:
        return set()
    own: set[str] = set()
    for value in vars(module).values():
        table = value if isinstance(value, sa.Table) else getattr(value, "__table__", None)
        if isinstance(table, sa.Table) and isinstance(value, sa.Table | type):
            own.add(table.name)
    return own


def _body(rendered: str) -> str:
    lines = [line for line in rendered.splitlines() if line.strip() and "###" not in line]
    return "\n".join(lines) if lines else EMPTY
