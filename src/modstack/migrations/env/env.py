"""Alembic environment for the modules' migrations; modstack.migrations runs it with a
connection and the modules' metadata in ``config.attributes``."""

from __future__ import annotations

from alembic import context

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=config.attributes.get("metadata") or None,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
