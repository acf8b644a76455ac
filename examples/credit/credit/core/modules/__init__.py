"""The credit system's modules, found by scanning this package (``modstack.scan(packages=
["credit.core.modules"])``), as the seed's ``ModuleRegistry`` scans ``core/modules/``.
Each subpackage defines one ``BaseModule`` subclass in its ``__init__.py``."""
