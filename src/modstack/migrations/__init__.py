"""Per-module Alembic migrations: one branch per module, upgraded in dependency order.

migrations = Migrations(registry, "sqlite:///modstack.db")
migrations.upgrade()             # modstack's tables, then every module in load order
migrations.downgrade("billing")  # billing@base, refused while a dependent has tables
"""

from modstack.migrations.layout import ModuleMigrations, check_layout, module_migrations
from modstack.migrations.runner import Migrations, Revision

__all__ = ["Migrations", "ModuleMigrations", "Revision", "check_layout", "module_migrations"]
