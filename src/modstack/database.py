"""The app's database helpers, at the path apps already import: ``modstack.db`` is their
home now (``from modstack.db import create_engine, write_transaction``); this module
stays as an alias so existing imports keep working."""

from modstack.db.engine import WRITE_OPTION, create_engine, write_transaction

__all__ = ["WRITE_OPTION", "create_engine", "write_transaction"]
