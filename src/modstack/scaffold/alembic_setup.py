"""``modstack db init``: an ``alembic.ini`` and an environment so that plain Alembic runs
every module's branch (``modstack db revision`` keeps the names right; use it to write)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from modstack.errors import ScaffoldError
from modstack.migrations import module_migrations
from modstack.registry import Registry
from modstack.scaffold.files import NewFile, write_files
from modstack.scaffold.module import template

MARK = "# Written by `modstack db init`"
ENV_DIR = "alembic"


def init_alembic(project: Path, registry: Registry, *, modules: Path, url: str) -> list[Path]:
    """Write ``alembic.ini`` and ``alembic/env.py`` in ``project``; when modstack wrote
    them before, only refresh the ini's ``version_locations``. Returns what was written.
    Raises ScaffoldError for an ``alembic.ini`` modstack did not write."""
    ini = project / "alembic.ini"
    locations = os.pathsep.join(_relative(m.folder, project) for m in module_migrations(registry))
    if ini.exists():
        text = ini.read_text(encoding="utf-8")
        if not text.startswith(MARK):
            raise ScaffoldError(
                f"{ini} exists and was not written by modstack",
                fix="move it away, or add the module folders to it yourself",
            )
        ini.write_text(
            re.sub(
                r"^version_locations = .*$",
                f"version_locations = {locations}",
                text,
                count=1,
                flags=re.MULTILINE,
            ),
            encoding="utf-8",
        )
        return [ini]
    values = {
        "env_dir": ENV_DIR,
        "version_locations": locations,
        "url": url,
        "modules": _relative(modules, project),
    }
    files = [
        NewFile(ini, template("migration/alembic.ini").substitute(values)),
        NewFile(project / ENV_DIR / "env.py", template("migration/env.py").substitute(values)),
        NewFile(
            project / ENV_DIR / "script.py.mako",
            template("migration/script.py.mako").substitute(values),
        ),
    ]
    return write_files(files)


def _relative(path: Path, project: Path) -> str:
    try:
        return "%(here)s/" + str(path.resolve().relative_to(project.resolve()))
    except ValueError:
        return str(path.resolve())
