"""modstack's database: the engine (``create_engine``, ``write_transaction``), the
guarded ``Database`` every part of modstack reads and writes through, modstack's own
tables (``modstack.db.tables``) and their migrations (Alembic branch ``modstack``).

    database = Database("sqlite:///data/app.db")
    database.migrate()
    with database.transaction() as connection:
        connection.execute(...)
"""

from modstack.db.database import Database
from modstack.db.engine import WRITE_OPTION, create_engine, write_transaction

__all__ = ["WRITE_OPTION", "Database", "create_engine", "write_transaction"]
