"""``modstack new``: a module (or a whole app) that runs, passes its own tests and
``modstack check``, written without overwriting anything."""

from modstack.scaffold.files import NewFile, write_files
from modstack.scaffold.module import FRONTENDS, PARTS, ModuleSpec, plan_module

__all__ = ["FRONTENDS", "PARTS", "ModuleSpec", "NewFile", "plan_module", "write_files"]
