"""Module trees for adapter tests: a copy of a contract tree with one more module."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path


def tree_with_module(tmp_path: Path, base: Path, code: str, files: Mapping[str, str]) -> Path:
    """A copy of the module tree ``base`` under ``tmp_path/modules``, plus module
    ``code`` (a ``definition.py`` and ``files``, relative path -> text, with the
    ``__init__.py`` of every folder they are in)."""
    tree = tmp_path / "modules"
    shutil.copytree(base, tree, ignore=shutil.ignore_patterns("__pycache__"))
    module = tree / code
    module.mkdir()
    (module / "__init__.py").write_text("")
    (module / "definition.py").write_text(
        f'from modstack import ModuleDefinition\n\n{code} = ModuleDefinition("{code}")\n'
    )
    for relative, text in files.items():
        path = module / relative
        for folder in path.relative_to(module).parents:
            (module / folder).mkdir(parents=True, exist_ok=True)
            (module / folder / "__init__.py").touch()
        path.write_text(text)
    return tree
