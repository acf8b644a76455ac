"""The seeds' names live in facades only: the core's own files speak one vocabulary
(``code`` for a module's id), every seed name on a core class comes from its facade, and
the facades stay typed under ``mypy --strict``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from mypy import api as mypy_api

from modstack.config import SettingsManager
from modstack.config.seed_names import SettingsManagerSeedNames
from modstack.kernel import Kernel
from modstack.kernel.seed_names import KernelSeedNames
from modstack.registry import Registry
from modstack.seed_names import RegistrySeedNames
from modstack.services import BaseService, ServiceRegistry
from modstack.services.seed_names import BaseServiceSeedNames, ServiceRegistrySeedNames
from modstack.tenancy import TenancyService
from modstack.tenancy.seed_names import TenancySeedNames

SRC = Path(__file__).parents[2] / "src/modstack"

FACADES: list[tuple[type, type]] = [
    (Registry, RegistrySeedNames),
    (Kernel, KernelSeedNames),
    (TenancyService, TenancySeedNames),
    (BaseService, BaseServiceSeedNames),
    (ServiceRegistry, ServiceRegistrySeedNames),
    (SettingsManager, SettingsManagerSeedNames),
]

SEED_NAMES = {
    name for _, facade in FACADES for name in vars(facade) if not name.startswith("_")
} | {"SERVICE_CONFIGS", "ServiceManager", "module_name"}

CORE = ["kernel", "services", "config", "tenancy", "db", "events", "tasks", "migrations",
        "cli", "registry.py", "stack.py", "reloads.py", "definition.py"]  # fmt: skip
"""The core's own files (the adapters, ``modstack.web`` and ``modstack.compat`` face users
of one framework or one seed)."""


def core_files() -> list[Path]:
    found: list[Path] = []
    for part in CORE:
        path = SRC / part
        found += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [f for f in found if f.stem not in ("seed_names", "seed_globals")]


def identifiers(file: Path) -> set[str]:
    """Every name a file defines, calls, reads or takes as an argument; for a package's
    ``__init__``, which re-exports the facades' names where the docs say, the ones it
    defines or uses (not those it imports and lists in ``__all__``)."""
    found: set[str] = set()
    tree = ast.parse(file.read_text(), str(file))
    if file.name == "__init__.py":
        tree.body = [node for node in tree.body if not re_exports(node)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.arg):
            found.add(node.arg)
        elif isinstance(node, ast.alias):
            found.add(node.asname or node.name.rsplit(".", 1)[-1])
    return found


def re_exports(node: ast.stmt) -> bool:
    if isinstance(node, ast.ImportFrom | ast.Import):
        return True
    return isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__all__"


def test_the_seed_names_are_what_the_seeds_call() -> None:
    called = {"get_service", "create_service", "get_service_info", "get_service_health_summary",
              "retry_operation", "get_cached", "set_cached", "get_health_status", "MODULES",
              "register_module_settings", "add_validation_rule", "get_setting",
              "is_module_enabled", "get_module_health", "get_module_status"}  # fmt: skip
    assert called <= SEED_NAMES


@pytest.mark.parametrize("file", core_files(), ids=lambda f: str(f.relative_to(SRC)))
def test_a_core_file_speaks_no_seed_name(file: Path) -> None:
    assert identifiers(file) & SEED_NAMES == set()


@pytest.mark.parametrize(("core", "facade"), FACADES, ids=lambda c: c.__name__)
def test_every_seed_name_on_a_core_class_comes_from_its_facade(core: type, facade: type) -> None:
    assert issubclass(core, facade)
    for name in (n for n in vars(facade) if not n.startswith("_")):
        owner = next(cls for cls in core.__mro__ if name in vars(cls))
        assert owner is facade, f"{core.__name__}.{name} is defined on {owner.__name__}"


SEED_CODE = """\
from typing import Any
from pydantic import BaseModel
from modstack.config import SettingsManager
from modstack.kernel import Kernel, ModuleRuntime
from modstack.registry import Registry
from modstack.services import SERVICE_CONFIGS, BaseService, ServiceManager, ServiceRegistry
from modstack.definition import ModuleDefinition


class MyService(BaseService):
    service_name = "my_service"

    def my_operation(self, data: str) -> Any:
        return self.retry_operation(self._do_operation, data)

    def _do_operation(self, data: str) -> str:
        cached: Any = self.get_cached(data)
        self.set_cached(data, data.upper(), timeout=60)
        return str(cached)


def seed(
    services: ServiceRegistry, settings: SettingsManager, kernel: Kernel, registry: Registry
) -> None:
    SERVICE_CONFIGS["my_service"] = {"timeout": 30}
    created: BaseService = services.create_service("my_service")
    found: BaseService = services.get_service("my_service", requester="billing")
    info: dict[str, dict[str, Any]] = services.get_service_info()
    summary: dict[str, Any] = services.get_service_health_summary()
    status: dict[str, Any] = found.get_health_status()
    manager = ServiceManager(services)
    manager.call_service_with_fallback("a", "op", fallback_service="b", data=1)
    settings.register_module_settings("my_module", {"timeout": 30})
    settings.add_validation_rule("my_module", "timeout", {"type": "integer"})
    value: Any = settings.get_setting("timeout", module_name="my_module", default=60)
    runtime: ModuleRuntime = kernel.get_module("billing")
    loaded: bool = kernel.is_module_loaded("billing")
    modules: dict[str, ModuleDefinition] = registry.MODULES
    order: list[str] = registry.get_module_load_order()
    services.get_service(42)  # the one mistake
"""


def test_the_facades_are_typed_for_mypy_strict(tmp_path: Path) -> None:
    file = tmp_path / "seed_code.py"
    file.write_text(SEED_CODE)
    out, err, _ = mypy_api.run(["--strict", "--no-incremental", str(file)])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1, out + err
    expected = 'Argument 1 to "get_service" of "ServiceRegistrySeedNames" has incompatible type'
    assert expected in errors[0]
    assert errors[0].startswith(f"{file}:{len(SEED_CODE.splitlines())}:")
