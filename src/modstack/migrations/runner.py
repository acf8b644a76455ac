"""``Migrations``: every module's Alembic branch, upgraded in dependency order."""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from modstack.db import WRITE_OPTION, Database
from modstack.db.tables import metadata as modstack_metadata
from modstack.definition import ModuleDefinition
from modstack.errors import MigrationRefusedError, ModuleTreeError
from modstack.migrations.layout import check_layout, module_migrations
from modstack.registry import Registry

ENV = Path(__file__).parent / "env"


@dataclass(frozen=True, slots=True)
class Revision:
    """One migration, as ``modstack db history`` lists it."""

    module: str
    revision: str
    down_revision: str | None
    message: str
    applied: bool


class Migrations:
    """The migrations of a registry's modules against one database. modstack's own
    tables have a branch (and version table) of their own, upgraded first."""

    def __init__(self, registry: Registry, url: str, *, engine: sa.Engine | None = None) -> None:
        """``engine``: an engine over ``url`` to reuse (an app's own pool; ``dispose``
        then leaves it open)."""
        self.registry = registry
        self.database = Database(url, engine=engine)
        self._owns_engine = engine is None
        self.engine = self.database.engine
        self.modules = {m.code: m for m in module_migrations(registry)}

    # -- commands -----------------------------------------------------------------------

    def upgrade(self, code: str | None = None) -> list[str]:
        """Apply every pending revision of ``code`` and the modules it requires (default:
        every module), in load order. Returns the modules upgraded. Raises
        ModuleTreeError for files that break the naming rule."""
        self._check_layout()
        self.database.migrate()
        wanted = self.registry.dependency_closure([code]) if code else set(self.modules)
        order = [c for c in self.registry.in_load_order(wanted) if c in self.modules]
        with self._config() as config:
            for each in order:
                command.upgrade(config, f"{each}@head")
        return order

    def downgrade(self, code: str, target: str = "base") -> None:
        """Revert ``code`` to ``target`` (a revision, or ``base`` to drop its tables).
        Raises MigrationRefusedError while modules that require it still have tables."""
        self._check_layout()
        if target == "base":
            current = self.current()
            holding = [d for d in self.registry.in_load_order(self.registry.dependents(code))
                       if current.get(d)]  # fmt: skip
            if holding:
                raise MigrationRefusedError(module=code, dependents=holding)
        with self._config() as config:
            command.downgrade(config, f"{code}@{target}")

    def current(self) -> dict[str, str | None]:
        """The newest applied revision of every module with migrations (None: nothing)."""
        with self._config() as config:
            script = ScriptDirectory.from_config(config)
            heads = MigrationContext.configure(config.attributes["connection"]).get_current_heads()
            applied = self._applied(script, heads)
            return {
                module: next((r for r in self._branch(script, module) if r in applied), None)
                for module in self.modules
            }

    def history(self, code: str | None = None) -> list[Revision]:
        """Every revision (of ``code``, or of all modules), oldest first per module, with
        whether it is applied."""
        with self._config() as config:
            script = ScriptDirectory.from_config(config)
            heads = MigrationContext.configure(config.attributes["connection"]).get_current_heads()
            applied = self._applied(script, heads)
            revisions: list[Revision] = []
            for module in self.registry.in_load_order(self.modules):
                if code is not None and module != code:
                    continue
                for name in reversed(self._branch(script, module)):
                    rev = script.get_revision(name)
                    assert rev is not None
                    down = rev.down_revision
                    down_text = down if isinstance(down, str | None) else ",".join(down)
                    revisions.append(
                        Revision(module, name, down_text, rev.doc or "", name in applied)
                    )
        return revisions

    def pending(self) -> dict[str, list[str]]:
        """The revisions not yet applied, per module with any (in load order): what
        ``upgrade`` would apply."""
        waiting: dict[str, list[str]] = {}
        for revision in self.history():
            if not revision.applied:
                waiting.setdefault(revision.module, []).append(revision.revision)
        return waiting

    def check(self) -> list[str]:
        """Differences between the database and the modules' models (and modstack's
        tables): an empty list means they match."""
        metadata = [modstack_metadata, *self.model_metadata()]
        with self.database.reading() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, metadata)  # type: ignore[arg-type]
        ignored = {"alembic_version", "modstack_alembic_version"}
        return [_describe(d) for d in differences if not _mentions(d, ignored)]

    def model_metadata(self) -> list[sa.MetaData]:
        """The SQLAlchemy metadata of every module's ``models`` package."""
        return model_metadata(self.registry)

    def dispose(self) -> None:
        """Close pooled connections (of an engine of its own only)."""
        if self._owns_engine:
            self.database.dispose()

    # -- plumbing -----------------------------------------------------------------------

    def _check_layout(self) -> None:
        problems = check_layout(self.registry)
        if problems:
            raise ModuleTreeError(problems)

    @contextmanager
    def _config(self) -> Iterator[Config]:
        config = Config()
        config.set_main_option("script_location", str(ENV))
        config.set_main_option("path_separator", "os")
        folders = [str(m.folder) for m in self.modules.values()]
        config.set_main_option(
            "version_locations", os.pathsep.join(folders) or str(ENV / "versions")
        )
        with self.database.reading() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            config.attributes["connection"] = connection
            config.attributes["metadata"] = self.model_metadata()
            yield config
            connection.commit()

    def _branch(self, script: ScriptDirectory, module: str) -> list[str]:
        """The module's own revisions, newest first (its dependencies' are left out)."""
        prefix = module.replace("-", "_") + "_"
        return [
            rev.revision
            for rev in script.iterate_revisions(f"{module}@head", "base")
            if rev.revision.startswith(prefix)
        ]

    @staticmethod
    def _applied(script: ScriptDirectory, heads: tuple[str, ...]) -> set[str]:
        """Every revision the database has: the heads and all they stand on."""
        if not heads:
            return set()
        return {rev.revision for rev in script.iterate_revisions(heads, "base")}


def models_module(definition: ModuleDefinition) -> ModuleType | None:
    """The module's ``models`` package (imported), or None when it has none."""
    folder = definition.path_of("models")
    if (
        definition.package is None
        or folder is None
        or not (folder.is_dir() or folder.with_suffix(".py").is_file())
    ):
        return None
    return importlib.import_module(
        f"{definition.package}.{definition.paths.models.replace('/', '.')}"
    )


def model_metadata(registry: Registry) -> list[sa.MetaData]:
    """The SQLAlchemy metadata of every module's ``models`` package (each once)."""
    found: dict[int, sa.MetaData] = {}
    for definition in registry:
        module = models_module(definition)
        for value in vars(module).values() if module is not None else ():
            candidate = (
                value if isinstance(value, sa.MetaData) else getattr(value, "metadata", None)
            )
            if isinstance(candidate, sa.MetaData):
                found[id(candidate)] = candidate
    return list(found.values())


def _mentions(difference: Any, names: set[str]) -> bool:
    return any(getattr(part, "name", None) in names for part in _flatten(difference))


def _flatten(value: Any) -> Iterator[Any]:
    if isinstance(value, list | tuple):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def _describe(difference: Any) -> str:
    if isinstance(difference, list):
        return "; ".join(_describe(d) for d in difference)
    action, *rest = difference
    names = [
        getattr(r, "name", None) or getattr(r, "key", None) or str(r) for r in rest if r is not None
    ]
    return f"{action}: {', '.join(str(n) for n in names[:3])}"
