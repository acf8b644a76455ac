"""Alembic environment for modstack's own tables; run through modstack.db.Database.migrate."""

from __future__ import annotations

from alembic import context

from modstack.db.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    version_table="modstack_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
