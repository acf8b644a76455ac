"""What the ``env.py`` that ``modstack db init`` writes runs, so that plain Alembic
(``alembic upgrade heads``, ``alembic history``) works on every module's branch::

    from alembic import context
    from modstack.migrations.alembic_env import run_migrations

    run_migrations(context)
"""

from __future__ import annotations

import os
from typing import Any

from modstack.cli.tree import modules_path
from modstack.db import WRITE_OPTION, create_engine
from modstack.discovery import discover
from modstack.graph import resolve
from modstack.migrations.runner import model_metadata

URL_VARIABLE = "MODSTACK_DATABASE_URL"


def run_migrations(context: Any) -> None:
    """Run Alembic's command over the modules found as the ``modstack`` command finds
    them, on ``MODSTACK_DATABASE_URL`` (else the ini file's ``sqlalchemy.url``)."""
    config = context.config
    url = os.environ.get(URL_VARIABLE) or config.get_main_option("sqlalchemy.url")
    folder, _ = modules_path(config.get_main_option("modstack.modules"))
    metadata = model_metadata(resolve(discover(folder)))
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        engine.dispose()
